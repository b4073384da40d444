import VidsimCLI

VidsimCommand.main()
