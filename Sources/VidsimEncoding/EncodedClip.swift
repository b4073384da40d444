import CFFmpeg

/// A clip encoded in memory as an upload would be, then decoded on every pass: what an editing job reads when the
/// clip it is measured on was generated rather than read from a file, so the job's cost includes a real decode
/// (of x264 at CRF 18, a phone's high-quality upload) and not the cost of generating the pictures.
public final class EncodedClip: FrameSource {
    public let name: String
    public let width: Int32
    public let height: Int32
    public let frameRate: AVRational
    private let codecID: AVCodecID
    private let packets: [Packet]

    /// How the upload is encoded.
    public static let uploadSettings = EncoderSettings(codec: .x264, preset: "veryfast",
                                                       rateControl: .crf(18, maxrate: nil, bufferSize: nil), threads: 1)

    /// Encodes every frame of `source` (its picture made 4:2:0 at an even size if it is not).
    public init(encoding source: FrameSource) throws {
        let size = PictureSize(width: source.width, height: source.height).fitted(maxWidth: nil, maxHeight: source.height)
        let encoder = try VideoEncoder(settings: Self.uploadSettings, width: size.width, height: size.height, frameRate: source.frameRate)
        var packets: [Packet] = []
        var scaler: Scaler?
        let packet = Packet()
        func drain() throws {
            while try encoder.receive(into: packet) {
                packets.append(try packet.reference())
                packet.unreference()
            }
        }
        try source.forEachFrame { frame in
            try encoder.send(try Scaler.fit(frame, to: size.width, size.height, reusing: &scaler))
            try drain()
        }
        try encoder.send(nil)
        try drain()
        name = source.name
        width = size.width
        height = size.height
        frameRate = source.frameRate
        codecID = encoder.codecID
        self.packets = packets
    }

    public func forEachFrame(_ body: (Frame) throws -> Void) throws {
        let decoder = try PacketDecoder(codecID: codecID, packets: packets)
        while let frame = try decoder.next() {
            try body(frame)
        }
    }
}
