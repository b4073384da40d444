import VidsimCalibration
import VidsimPolicies
import VidsimUnits

/// The side table of `ScenarioSchema`: for every mapping the loader reads, what each of its fields holds (JSON
/// type, unit, range), what it means, whether it is required, and its default, as docs/scenario-reference.md
/// gives them.
///
/// The field *names* are not written here: they are each type's `CodingKeys`, listed in `objects`. A field added
/// to a `CodingKeys` without an entry here, or an entry here that no `CodingKeys` has, is reported by
/// `ScenarioSchema.check()`, and a test fails.
enum ScenarioSchemaFields {
    /// The mapping at the top of a scenario file.
    static let root = "Scenario"

    // MARK: Measures

    static let duration = MeasureSchema(TimeSpan.self, definition: "Duration", priceExample: "$0.34/h")
    static let bitRate = MeasureSchema(BitRate.self, definition: "BitRate")
    static let size = MeasureSchema(DataSize.self, definition: "Size", priceExample: "$0.085/GB")
    static let contentRate = MeasureSchema(ContentRate.self, definition: "ContentRate")
    static let eventRate = MeasureSchema(EventRate.self, definition: "EventRate")
    static let requests = MeasureSchema(RequestCount.self, definition: "Requests", priceExample: "$0.0100/10000 requests")
    /// Every measure a scenario writes; a policy parameter's measure is found here by its `measureName`.
    static let measures = [duration, bitRate, size, contentRate, eventRate]

    /// The codec a ladder without `codec:` gets (the loader's default).
    static let defaultCodec = VideoCodec.x264

    // MARK: Mappings

    /// Every mapping the loader reads, with the loader's own list of its field names.
    static var objects: [ObjectDeclaration] {
        [
            ObjectDeclaration(root, Scenario.CodingKeys.self, also: ["extends"],
                              "A vidsim scenario: what to simulate, for how long, and with which seed."),
            ObjectDeclaration("RunSettings", RunSettings.CodingKeys.self,
                              "How long to simulate, what to discard, and how many independent replications to run."),
            ObjectDeclaration("UploadSettings", UploadSettings.CodingKeys.self,
                              "How uploads arrive and what they carry.",
                              rules: [
                                  ["oneOf": [["required": ["rate"]], ["required": ["count"]]]],
                                  ["oneOf": [["required": ["source_bitrate"]], ["required": ["formats"]]]],
                                  ["dependentRequired": ["ingest_capacity": ["transfer"]]],
                                  [
                                      "if": ["properties": ["arrivals": ["const": .string(UploadSettings.Arrivals.deterministic.rawValue)]],
                                             "required": ["arrivals"]],
                                      "then": ["not": ["anyOf": [["required": ["diurnal"]], ["required": ["weekly"]], ["required": ["bursts"]]]]],
                                  ],
                              ]),
            ObjectDeclaration("DiurnalProfile", DiurnalProfile.CodingKeys.self,
                              "Daily shape of the rate, averaging 1: `peak_to_mean` and `peak_hour`, or 24 `hourly` weights.",
                              rules: [["anyOf": [["required": ["peak_to_mean"]], ["required": ["hourly"]]]]]),
            ObjectDeclaration("Burst", Burst.CodingKeys.self,
                              "The rate times `multiplier` between `from` and `to` (from the start of the run)."),
            ObjectDeclaration("SourceFormat", SourceFormat.CodingKeys.self,
                              "A kind of source file, drawn per upload by weight; rungs taller than its height are not transcoded."),
            ObjectDeclaration("UploadTransfer", UploadTransfer.CodingKeys.self,
                              "The chunked, resumable upload from the creator's uplink to the ingest tier."),
            ObjectDeclaration("UploadTransfer.Backoff", UploadTransfer.Backoff.CodingKeys.self,
                              "The wait before a chunk's n-th retry: initial x factor^(n-1), at most maximum."),
            ObjectDeclaration("BitrateLadder", BitrateLadder.CodingKeys.self,
                              "The renditions every upload is transcoded into, and how they are encoded: one fixed ladder "
                                  + "(`rungs`) or a ladder per content class (`classes`).",
                              rules: ScenarioSchema.presetRules(defaultCodec: defaultCodec)
                                  + [["oneOf": [["required": ["rungs"]], ["required": ["classes"]]]]]),
            ObjectDeclaration("BitrateLadder.Rung", BitrateLadder.Rung.CodingKeys.self,
                              "One rendition: its name, picture size, bit rate and rate control."),
            ObjectDeclaration("BitrateLadder.ContentClass", BitrateLadder.ClassKeys.self,
                              "Uploads of one kind of content and the per-title ladder they get."),
            ObjectDeclaration("TranscodeSettings", TranscodeSettings.CodingKeys.self,
                              "The transcode fleet: a pool of identical workers before one queue.",
                              rules: [["anyOf": [["required": ["calibration"]], ["required": ["cost_per_content_second"]]]]]),
            ObjectDeclaration("TranscodeSettings.Worker", TranscodeSettings.Worker.CodingKeys.self,
                              "One worker: a VM or a container, its start-up time, price and speed."),
            ObjectDeclaration("SpotSettings", SpotSettings.CodingKeys.self,
                              "Spot (preemptible) workers: cheaper, and taken back now and then."),
            ObjectDeclaration("SplitSettings", SplitSettings.CodingKeys.self,
                              "Split-and-stitch: each rung cut into segments transcoded in parallel, then stitched."),
            ObjectDeclaration("AutoscalingSettings", AutoscalingSettings.CodingKeys.self, policies: .autoscaling,
                              "How the fleet grows and shrinks: a policy with its own parameters, and the rules common to every policy."),
            ObjectDeclaration("StorageSettings", StorageSettings.CodingKeys.self,
                              "Stored bytes and their cost over the months ahead: redundancy, tiers by age, retention, growth."),
            ObjectDeclaration("StorageSettings.Tier", StorageSettings.Tier.CodingKeys.self,
                              "A storage class objects move into at an age, with its price per GB-month."),
            ObjectDeclaration("StorageSettings.Redundancy", StorageSettings.RedundancyKeys.self,
                              "How each logical byte is made durable: `replicas: n`, or `erasure: { data: k, parity: m }`.",
                              rules: [["oneOf": [["required": ["replicas"]], ["required": ["erasure"]]]]]),
            ObjectDeclaration("StorageSettings.Erasure", StorageSettings.ErasureKeys.self,
                              "Erasure coding with k data and m parity fragments: overhead (k + m) / k."),
            ObjectDeclaration("StorageSettings.Deletions", StorageSettings.DeletionKeys.self,
                              "The share of uploads their creators delete, and at what age."),
            ObjectDeclaration("DeliverySettings", DeliverySettings.CodingKeys.self,
                              "The delivery side: a catalogue watched by viewers in regions, through edge sites, an optional "
                                  + "regional shield and the origin."),
            ObjectDeclaration("DeliverySettings.Catalog", DeliverySettings.Catalog.CodingKeys.self,
                              "The back catalogue: how many videos, how popularity falls with rank, how long they are."),
            ObjectDeclaration("DeliverySettings.RenditionShare", DeliverySettings.RenditionShare.CodingKeys.self,
                              "A rendition's share of the views, by the ladder's rung name."),
            ObjectDeclaration("DeliverySettings.Region", DeliverySettings.Region.CodingKeys.self,
                              "A region: its share of the views and its edge sites, each with its own cache."),
            ObjectDeclaration("DeliverySettings.Edge", DeliverySettings.Edge.CodingKeys.self, policies: .eviction,
                              "The edge tier: an eviction policy with its own parameters, and the viewer's round trip to a site."),
            ObjectDeclaration("DeliverySettings.Shield", DeliverySettings.Shield.CodingKeys.self, policies: .eviction,
                              "The regional shield tier, one cache per region, between the edge sites and the origin."),
            ObjectDeclaration("DeliverySettings.Origin", DeliverySettings.Origin.CodingKeys.self,
                              "The origin (object storage) the last cache tier fetches from."),
            ObjectDeclaration("DeliverySettings.Outage", DeliverySettings.Outage.CodingKeys.self,
                              "Edge sites of a region, or the whole region, down for a while."),
            ObjectDeclaration("DeliverySettings.Prefill", DeliverySettings.Prefill.CodingKeys.self,
                              "Pre-positioning: the most popular videos pushed to every edge site daily."),
            ObjectDeclaration("DeliverySettings.Popularity", DeliverySettings.Popularity.CodingKeys.self,
                              "How a video's popularity rises and falls with its age: a rise, a half-life and a floor."),
            ObjectDeclaration("DeliverySettings.Sampling", DeliverySettings.Sampling.CodingKeys.self,
                              "Sampling for internet scale: the most popular videos in full, a hashed share of the rest."),
            ObjectDeclaration("DeliverySettings.PriceTier", DeliverySettings.PriceTier.CodingKeys.self,
                              "One step of a tiered egress price: this price for the month's volume up to `up_to`."),
            ObjectDeclaration("PlayersSettings", PlayersSettings.CodingKeys.self,
                              "Viewers' adaptive-bitrate players in place of the rendition mix: the algorithm, the viewers' "
                                  + "links, the buffer, and classes of device (docs/players.md)."),
            ObjectDeclaration("PlayersSettings.ABR", PlayersSettings.ABRKeys.self, policies: .abr,
                              "An ABR algorithm with its own parameters."),
            ObjectDeclaration("PlayersSettings.Bandwidth", PlayersSettings.LinkKeys.self, policies: .bandwidth,
                              "The viewers' link: a bandwidth process with its own parameters, and a factor on its rates."),
            ObjectDeclaration("PlayersSettings.Abandon", PlayersSettings.AbandonKeys.self,
                              "Abandoning a segment download that will stall (dash.js's AbandonRequestsRule), its parameters."),
            ObjectDeclaration("PlayersSettings.Device", PlayersSettings.Device.CodingKeys.self,
                              "A class of device: its share of views, the highest rung it plays, and optionally its own link and algorithm."),
            ObjectDeclaration("MetadataSettings", MetadataSettings.CodingKeys.self,
                              "The metadata database's load: writes per upload, reads per view, and the shards they need."),
            ObjectDeclaration("DatabaseSettings", DatabaseSettings.CodingKeys.self,
                              "A database: its nodes' capacity, replication and price, and the reads and writes each event brings it."),
            ObjectDeclaration("DatabaseSettings.Load", DatabaseSettings.Load.CodingKeys.self,
                              "Reads and writes per event: an upload, a view, a work class's job, or another event at its own rate."),
            ObjectDeclaration("WorkSettings", WorkSettings.CodingKeys.self,
                              "Work besides the uploads (editing: trims, filters, previews) in classes served by worker pools of their own."),
            ObjectDeclaration("WorkSettings.WorkClass", WorkSettings.WorkClass.CodingKeys.self,
                              "A class of work: its arrivals, service time, priority, pool and latency objective.",
                              rules: [["oneOf": [["required": ["rate"]], ["required": ["sessions"]]]]]),
            ObjectDeclaration("WorkSettings.MeasuredService", WorkSettings.MeasuredService.CodingKeys.self,
                              "A job's service as an editing operation measured by `vidsim bench --operations` on a length of video: "
                                  + "the content's length x the operation's CPU seconds per content second / the pool's vcpus x speed x parallel_efficiency."),
            ObjectDeclaration("WorkSettings.Sessions", WorkSettings.Sessions.CodingKeys.self,
                              "Jobs in sessions: sessions start at `rate`, each brings a geometric number of jobs with mean `jobs`, "
                                  + "each next one `think_time` after the previous finished."),
            ObjectDeclaration("WorkSettings.Objective", WorkSettings.Objective.CodingKeys.self,
                              "A latency objective: the percentile of the class's jobs that finish (wait and service) within the latency."),
            ObjectDeclaration("WorkSettings.Pool", WorkSettings.Pool.CodingKeys.self,
                              "A pool of identical workers, each serving one job at a time, billed while alive: fixed or autoscaled, "
                                  + "spread over zones.",
                              rules: [["anyOf": [["required": ["workers"]], ["required": ["autoscaling"]]]]]),
            ObjectDeclaration("ZoneSettings", ZoneSettings.CodingKeys.self,
                              "Availability zones the transcode fleet and the work pools spread over, and the periods a zone is lost."),
            ObjectDeclaration("ZoneSettings.ZoneOutage", ZoneSettings.ZoneOutage.CodingKeys.self,
                              "A zone lost from `start` for `duration`: its workers go, their jobs back to the head of their queues."),
        ]
    }

    // MARK: Fields

    /// Each mapping's fields, by the mapping's name and the field's name.
    static var fields: [String: [String: FieldSchema]] {
        let policies = AutoscalingPolicies.registry
        let eviction = EvictionPolicies.registry.members.filter { !$0.name.hasPrefix("belady") }
        let evictionChoice = FieldKind.choice(eviction.map(\.name))
        let evictionList = eviction.map { "`\($0.name)` (\($0.summary))" }.joined(separator: "; ")
        let abr = ABRAlgorithms.registry, processes = BandwidthProcesses.registry
        let abrList = abr.members.map { "`\($0.name)` (\($0.summary))" }.joined(separator: "; ")
        let processList = processes.members.map { "`\($0.name)` (\($0.summary))" }.joined(separator: "; ")
        return [
            root: [
                "name": .required(.pattern(#"^(?!\.{1,2}$)[A-Za-z0-9._-]+$"#),
                                  "Names the report folder, reports/<name>/: letters, digits, '-', '_' and '.'."),
                "description": .optional(.text, "Shown at the top of report.md."),
                "seed": .optional(.integer(minimum: 0), "Master seed, a whole number; `vidsim run --seed` overrides it.", default: 1),
                "extends": .optional(.text,
                                     "A scenario file this one builds on, relative to this file: it is read first and this file's "
                                         + "fields override it (mappings merge key by key; a list or a single value replaces the base's)."),
                "run": .required(.object("RunSettings"), "How long to simulate, what to discard, how many replications."),
                "uploads": .required(.object("UploadSettings"), "How uploads arrive and what they carry."),
                "ladder": .required(.anyOf([.object("BitrateLadder"), .text]),
                                    "The bitrate ladder every upload is transcoded into, or the path of a ladder file (relative "
                                        + "to this file) holding one, such as `vidsim ladder --write` makes."),
                "transcode": .required(.object("TranscodeSettings"), "The transcode fleet."),
                "storage": .optional(.object("StorageSettings"), "Redundancy, tiers, retention and growth over months."),
                "metadata": .optional(.object("MetadataSettings"), "The metadata database's load and shards."),
                "delivery": .optional(.object("DeliverySettings"),
                                      "The delivery side: catalogue, views and the CDN's tiers (hit ratios, egress, origin load)."),
                "databases": .optional(.list(.object("DatabaseSettings")),
                                       "Databases (relational, NoSQL) the model's events read and write: peak queries, shards, nodes and cost."),
                "work": .optional(.object("WorkSettings"),
                                  "Work besides the uploads (editing, previews) in classes, on worker pools of their own, with priorities."),
                "zones": .optional(.object("ZoneSettings"),
                                   "Availability zones the transcode fleet and the work pools spread over, and the periods a zone is lost."),
                "ingest_price": .optional(.price(per: size), "Price of ingress per byte received from creators, such as '$0.01/GB'.",
                                          default: "$0/GB"),
            ],
            "RunSettings": [
                "horizon": .required(.measure(duration), "Simulated time, from 0 (midnight of day one)."),
                "warm_up": .optional(.measure(duration), "Statistics before this time are discarded; must end before the horizon.",
                                     default: "0 s"),
                "replications": .optional(.integer(minimum: 1, maximum: 10_000),
                                          "Independent runs; every figure is reported as mean ± 95% confidence interval. "
                                              + "`--replications` overrides it.", default: 1),
                "sample_interval": .optional(.measure(duration), "How often the time series are sampled.", default: "1 h"),
                "daily_figures": .optional(.choice(RunSettings.DailyFigures.allCases.map(\.rawValue)),
                                           "How daily figures count uploads: `steady-state` counts every upload started in the "
                                               + "observed window (the platform's steady rate), `cold-start` only the files that "
                                               + "reached the platform within it.",
                                           default: .string(RunSettings.DailyFigures.steadyState.rawValue)),
            ],
            "UploadSettings": [
                "rate": .optional(.measure(contentRate),
                                  "Content uploaded, such as '500 hours/min'; uploads arrive at this rate divided by the mean "
                                      + "duration. Give `rate` or `count`."),
                "count": .optional(.measure(eventRate), "Uploads per unit time, such as '50/s'. Give `rate` or `count`."),
                "arrivals": .optional(.choice(UploadSettings.Arrivals.allCases.map(\.rawValue)),
                                      "`poisson` (exponential gaps) or `deterministic` (evenly spaced; takes no diurnal, "
                                          + "weekly or burst shaping).",
                                      default: .string(UploadSettings.Arrivals.poisson.rawValue)),
                "diurnal": .optional(.object("DiurnalProfile"), "Daily shape of the rate, averaging 1."),
                "weekly": .optional(.list(.number(minimum: 0), minItems: 7, maxItems: 7),
                                    "Seven day weights, Monday first (day 0 of a run is a Monday), normalised to mean 1."),
                "bursts": .optional(.list(.object("Burst")),
                                    "Periods when the rate is multiplied; bursts that overlap multiply."),
                "duration": .required(.distribution(duration), "Content duration of each upload."),
                "source_bitrate": .optional(.distribution(bitRate),
                                            "Bit rate of the uploaded file: raw bytes stored = duration x source bitrate / 8. "
                                                + "Give `source_bitrate` or `formats`."),
                "formats": .optional(.list(.object("SourceFormat"), minItems: 1),
                                     "A mix of source formats, each drawn by weight, instead of `source_bitrate`."),
                "transfer": .optional(.object("UploadTransfer"),
                                      "The chunked, resumable upload; without it, files arrive whole the moment the upload starts."),
                "ingest_capacity": .optional(.measure(bitRate),
                                             "The ingest tier's total bandwidth, shared by uploads in flight; needs `transfer`."),
            ],
            "DiurnalProfile": [
                "peak_to_mean": .optional(.number(minimum: 1, maximum: 2),
                                          "Peak-to-mean ratio of m(h) = 1 + (peak_to_mean - 1) cos(2π (h - peak_hour) / 24)."),
                "peak_hour": .optional(.number(minimum: 0, below: 24), "The hour of the peak, 0 to 24.", default: 20),
                "hourly": .optional(.list(.number(minimum: 0), minItems: 24, maxItems: 24),
                                    "24 hourly weights, normalised to mean 1, constant within each hour (instead of the curve)."),
            ],
            "Burst": [
                "from": .required(.measure(duration), "Start of the burst, from the start of the run."),
                "to": .required(.measure(duration), "End of the burst, after `from`."),
                "multiplier": .required(.number(above: 0), "The rate's multiplier during the burst."),
            ],
            "SourceFormat": [
                "name": .required(.text, "The format's name, for reports."),
                "weight": .required(.number(minimum: 0), "Relative share of uploads."),
                "height": .required(.integer(minimum: 1),
                                    "Picture lines the ladder is compared against (the short side of a vertical video)."),
                "bitrate": .required(.distribution(bitRate), "Bit rate of the file."),
            ],
            "UploadTransfer": [
                "uplink": .required(.distribution(bitRate), "The creator's uplink bit rate, drawn per upload."),
                "chunk_size": .optional(.measure(size), "Size of a chunk.", default: "10 MB"),
                "chunk_failure_probability": .optional(.number(minimum: 0, below: 1),
                                                       "Probability an attempt at a chunk fails, in [0, 1).", default: 0),
                "drops": .optional(.measure(eventRate), "Connection drops per hour spent sending.", default: "0/h"),
                "reconnect": .optional(.measure(duration), "Time to reconnect and resume after a drop.", default: "5 s"),
                "backoff": .optional(.object("UploadTransfer.Backoff"), "The wait before a chunk's retries."),
                "per_chunk_overhead": .optional(.measure(duration), "Fixed cost of each chunk request (a round trip).",
                                                default: "0 s"),
                "model": .optional(.choice(UploadTransfer.Model.allCases.map(\.rawValue)),
                                   "`aggregate` draws each upload's time and bytes from the failure process without an event "
                                       + "per chunk; `per-chunk` schedules an event per attempt.",
                                   default: .string(UploadTransfer.Model.aggregate.rawValue)),
            ],
            "UploadTransfer.Backoff": [
                "initial": .optional(.measure(duration), "The wait before a chunk's first retry.", default: "1 s"),
                "factor": .optional(.number(minimum: 1), "The wait's growth per further failure of the same chunk.", default: 2),
                "maximum": .optional(.measure(duration), "The longest wait.", default: "60 s"),
            ],
            "BitrateLadder": [
                "name": .optional(.text, "For reports."),
                "codec": .optional(.choice(VideoCodec.allCases.map(\.encoderName)), "FFmpeg's encoder name.",
                                   default: .string(defaultCodec.encoderName)),
                "preset": .optional(.preset,
                                    "The encoder's speed preset: a name for x264 and x265 (default `medium`), a whole "
                                        + "number for SVT-AV1 (default 8) and VP9's cpu-used (default 4)."),
                "rungs": .optional(.list(.object("BitrateLadder.Rung"), minItems: 1, maxItems: BitrateLadder.mostRungs),
                                   "A fixed ladder's renditions, at least one and at most 10,000, names unique (in a ladder file: "
                                       + "from the lowest bit rate up)."),
                "classes": .optional(.list(.object("BitrateLadder.ContentClass"), minItems: 1, maxItems: BitrateLadder.mostClasses),
                                     "Per-title ladders by content class, instead of `rungs`: each upload and catalogue video "
                                         + "draws a class by the classes' shares and gets its ladder."),
                "quality_metric": .optional(.choice(BitrateLadder.QualityMetric.allCases.map(\.rawValue)),
                                            "What the rungs' `quality` measures: `psnr` (dB) or `ssim`; required when a rung gives one."),
            ],
            "BitrateLadder.ContentClass": [
                "name": .required(.text, "The class (`animation`, `sports`): letters, digits, spaces, '-', '_' and '.'."),
                "share": .optional(.number(above: 0), "The class's share of uploads and of the catalogue, relative to the others.",
                                   default: 1),
                "rungs": .required(.list(.object("BitrateLadder.Rung"), minItems: 1, maxItems: BitrateLadder.mostRungs),
                                   "The class's ladder, from the lowest bit rate up, each rung above the one before, names unique "
                                       + "(at most 10,000 rungs in all classes together)."),
                "analysis_cpu_per_content_second": .optional(.number(minimum: 0),
                                                             "CPU seconds (one core of the machine that measured it) of per-title "
                                                                 + "analysis per second of content: one task per upload, before its "
                                                                 + "rungs, on the transcode fleet's workers."),
                "clip": .optional(.text, "The clip the class's ladder was measured on (for reports)."),
            ],
            "BitrateLadder.Rung": [
                "name": .required(.text, "The rung's name (`1080p`); costs and calibrations refer to it."),
                "width": .optional(.integer(minimum: 1), "Picture width in pixels."),
                "height": .optional(.integer(minimum: 1), "Picture height in pixels; a calibration is matched by name, then height."),
                "bitrate": .required(.measure(bitRate),
                                     "Average video bit rate: the rendition stores bitrate x duration / 8 bytes."),
                "max_bitrate": .optional(.measure(bitRate), "The VBV cap, at least the bitrate (default: the bitrate)."),
                "vbv_buffer": .optional(.measure(duration), "The VBV buffer as a duration of `max_bitrate`.", default: "2 s"),
                "crf": .optional(.number(minimum: 0, maximum: 63),
                                 "Encode at this constant rate factor instead of a target bit rate."),
                "quality": .optional(.number(minimum: 0, maximum: 1_000),
                                     "The rung's measured quality in the ladder's `quality_metric`: the players' mean quality "
                                         + "is reported when every rung gives one."),
            ],
            "TranscodeSettings": [
                "workers": .required(.integer(minimum: 0),
                                     "Number of workers, each transcoding one task at a time (the starting fleet when it autoscales)."),
                "calibration": .optional(.text,
                                         "A calibration file written by `vidsim bench --out`, relative to the scenario file "
                                             + "that names it."),
                "worker": .optional(.object("TranscodeSettings.Worker"), "What one worker is, costs and does."),
                "spot": .optional(.object("SpotSettings"), "Spot workers: their share, discount and interruptions."),
                "split": .optional(.object("SplitSettings"), "Split-and-stitch; without it, each rung of a file is one task."),
                "priority": .optional(.choice(TranscodeSettings.Priority.allCases.map(\.rawValue)),
                                      "`fifo`, or `low-rungs-first`: tasks of earlier rungs leave the queue first.",
                                      default: .string(TranscodeSettings.Priority.fifo.rawValue)),
                "autoscaling": .optional(.object("AutoscalingSettings"), "Without it, the fleet is fixed at `workers`."),
                "zones": .optional(.list(.text, minItems: 1), "The zones (of `zones.names`) the workers run in; required with `zones:`."),
                "cost_per_content_second": .optional(.mapping(.number(above: 0)),
                                                     "Worker-seconds per content second, by rung name; required without "
                                                         + "`calibration`, and with one overrides it."),
            ],
            "TranscodeSettings.Worker": [
                "kind": .optional(.choice(TranscodeSettings.Worker.Kind.allCases.map(\.rawValue)),
                                  "`vm` or `container`: sets the default start-up time.",
                                  default: .string(TranscodeSettings.Worker.Kind.vm.rawValue)),
                "startup": .optional(.measure(duration), "From launch to ready for tasks (default: VM 90 s, container 5 s)."),
                "price": .optional(.price(per: duration), "On-demand price per worker-hour, such as '$0.34/h'.", default: "$0/h"),
                "vcpus": .optional(.number(minimum: 1), "vCPUs an encode may use.", default: 1),
                "speed": .optional(.number(above: 0), "Per-core speed relative to the calibration machine.", default: 1),
                "parallel_efficiency": .optional(.number(maximum: 1, above: 0),
                                                 "How much of the extra vCPUs an encode turns into speed, in (0, 1].", default: 1),
            ],
            "SpotSettings": [
                "fraction": .required(.number(minimum: 0, maximum: 1), "The share of launched workers that are spot."),
                "discount": .optional(.number(minimum: 0, below: 1), "Spot discount off the on-demand price, in [0, 1).",
                                      default: 0.6),
                "interruptions": .optional(.measure(eventRate), "Interruptions per spot worker-hour.", default: "0/h"),
            ],
            "SplitSettings": [
                "segment": .required(.measure(duration), "Content length of a segment, at least 1 s."),
                "stitch": .optional(.measure(duration), "Time to stitch a rung once its last segment is done.", default: "0 s"),
            ],
            "AutoscalingSettings": [
                "policy": .required(.choice(policies.names),
                                    "The autoscaling policy, by name: "
                                        + policies.members.map { "`\($0.name)` (\($0.summary))" }.joined(separator: "; ") + "."),
                "min": .optional(.integer(minimum: 0), "The smallest fleet.", default: 0),
                "max": .required(.integer(minimum: 1, maximum: AutoscalingSettings.largestFleet),
                                 "The largest fleet; `workers` may not exceed it."),
                "interval": .optional(.measure(duration), "How often the policy is evaluated; at least 1 s.", default: "1 min"),
                "scale_up_delay": .optional(.measure(duration), "Provisioning before a launched worker starts booting.",
                                            default: "0 s"),
                "scale_down_delay": .optional(.measure(duration),
                                              "The scale-down window: the fleet never shrinks below the largest recommendation "
                                                  + "within it.", default: "10 min"),
            ],
            "StorageSettings": [
                "redundancy": .optional(.object("StorageSettings.Redundancy"), "Replicas or erasure coding.",
                                        default: ["replicas": 1]),
                "tiers": .required(.list(.object("StorageSettings.Tier"), minItems: 1),
                                   "Storage tiers in order of age; the first starts at 0 s."),
                "deletions": .optional(.object("StorageSettings.Deletions"), "Uploads their creators delete."),
                "months": .optional(.integer(minimum: 1, maximum: 120), "Months to report.", default: 12),
                "keep_raw_for": .optional(.measure(duration), "How long raw uploads are kept after transcoding (default: forever)."),
                "monthly_growth": .optional(.number(above: -1), "Growth of the upload volume per month (0.02: 2%), compounded daily.",
                                            default: 0),
            ],
            "StorageSettings.Tier": [
                "name": .required(.text, "The tier's name, for reports."),
                "after": .optional(.measure(duration), "Age from which objects are in this tier.", default: "0 s"),
                "monthly_price": .required(.price(per: size), "Price per GB-month, such as '$0.023/GB'."),
            ],
            "StorageSettings.Redundancy": [
                "replicas": .optional(.integer(minimum: 1), "Full copies of every byte (overhead n)."),
                "erasure": .optional(.object("StorageSettings.Erasure"), "Erasure coding instead of replicas."),
            ],
            "StorageSettings.Erasure": [
                "data": .required(.integer(minimum: 1), "Data fragments, k."),
                "parity": .required(.integer(minimum: 0), "Parity fragments, m."),
            ],
            "StorageSettings.Deletions": [
                "fraction": .required(.number(minimum: 0, maximum: 1), "The share of uploads their creators delete."),
                "after": .optional(.measure(duration), "The age at which they are deleted.", default: "0 s"),
            ],
            "DeliverySettings": [
                "catalog": .required(.object("DeliverySettings.Catalog"), "The back catalogue."),
                "views": .required(.measure(eventRate), "Mean views per unit time, such as '5,000,000,000/day'."),
                "diurnal": .optional(.object("DiurnalProfile"), "Daily shape of the views (default: flat)."),
                "watched": .optional(.number(maximum: 1, above: 0), "The share of a video each view watches, in (0, 1].", default: 1),
                "segment": .optional(.measure(duration), "Segment length, 0.1 s to 10 min.", default: "4 s"),
                "manifest_size": .optional(.measure(size), "The manifest each view asks for first.", default: "2 KB"),
                "renditions": .optional(.list(.object("DeliverySettings.RenditionShare"), minItems: 1),
                                        "The renditions views watch, by rung name, with shares (default: every rung alike)."),
                "regions": .required(.list(.object("DeliverySettings.Region"), minItems: 1, maxItems: 1000),
                                     "The regions viewers are in, with their edge sites."),
                "edge": .optional(.object("DeliverySettings.Edge"), "The edge tier's policy and round trip.",
                                  default: ["policy": "lru", "round_trip": "20 ms"]),
                "shield": .optional(.object("DeliverySettings.Shield"), "A regional shield tier (default: none)."),
                "origin": .optional(.object("DeliverySettings.Origin"), "The origin's round trip.", default: ["round_trip": "80 ms"]),
                "sampling": .optional(.object("DeliverySettings.Sampling"), "Spatial sampling for internet scale (default: none)."),
                "outages": .optional(.list(.object("DeliverySettings.Outage"), maxItems: 1000),
                                     "Edge sites or whole regions down for a while (default: none)."),
                "prefill": .optional(.object("DeliverySettings.Prefill"), "Daily pre-positioning at the edges (default: none)."),
                "popularity": .optional(.object("DeliverySettings.Popularity"),
                                        "How views rise and fall with a video's age (default: constant popularity)."),
                "new_uploads": .optional(.boolean, "Whether the content path's uploads join the catalogue when published.",
                                         default: true),
                "one_timers": .optional(.number(minimum: 0, below: 1), "The share of views that go to a video watched only once.",
                                        default: 0),
                "egress_price": .optional(.list(.object("DeliverySettings.PriceTier"), minItems: 1),
                                          "Egress to viewers, tiered by the month's volume; the last tier has no `up_to`."),
                "origin_egress_price": .optional(.price(per: size), "The origin's egress per byte it sends to the CDN.", default: "$0/GB"),
                "request_price": .optional(.price(per: requests), "The CDN's price per request from viewers (manifests and segments).",
                                           default: "$0/10000 requests"),
                "players": .optional(.object("PlayersSettings"),
                                     "Adaptive-bitrate players choosing each segment's rung, in place of the `renditions` mix (docs/players.md)."),
                "origin_request_price": .optional(.price(per: requests),
                                                  "The origin's price per request it serves (misses that reach it, objects pushed).",
                                                  default: "$0/1000 requests"),
            ],
            "PlayersSettings": [
                "abr": .optional(.object("PlayersSettings.ABR"), "The ABR algorithm every device uses unless its own says otherwise.",
                                 default: ["algorithm": .string(PlayersSettings.defaultAlgorithm)]),
                "bandwidth": .required(.object("PlayersSettings.Bandwidth"), "The viewers' link, unless a device has its own."),
                "startup": .optional(.measure(duration), "Content buffered before playback starts (default: one segment)."),
                "resume": .optional(.measure(duration), "Content buffered before playback resumes after a stall (default: one segment)."),
                "max_buffer": .optional(.measure(duration), "The most content buffered; a segment is requested when it fits.",
                                        default: "30 s"),
                "payload_share": .optional(.number(maximum: 1, above: 0), "The share of the link's throughput that carries video.",
                                           default: 0.95),
                "rebuffer_penalty": .optional(.number(minimum: 0), "The linear QoE's penalty per second of startup and stall.",
                                              default: 4.3),
                "smoothness_penalty": .optional(.number(minimum: 0), "The linear QoE's penalty per Mbps of rung change.", default: 1),
                "devices": .optional(.list(.object("PlayersSettings.Device"), minItems: 1, maxItems: 100),
                                     "Classes of device, with shares of the views (default: one, every rung)."),
                "abandon": .optional(.anyOf([.boolean, .object("PlayersSettings.Abandon")]),
                                     "Abandon a download that will stall and fetch the segment at a lower rung: true (dash.js's "
                                         + "parameters) or a mapping of them.", default: false),
            ],
            "PlayersSettings.Abandon": [
                "grace": .optional(.measure(duration), "Transfer time before the first check.", default: "500 ms"),
                "multiplier": .optional(.number(minimum: 0, maximum: 100),
                                        "Abandon only when the whole download, at the rate measured, takes more than this many "
                                            + "segment durations.", default: 1.8),
                "safety": .optional(.number(maximum: 1, above: 0),
                                    "The share of the measured rate the replacement's rung may use.", default: 0.9),
                "interval": .optional(.measure(duration), "Transfer time between checks.", default: "250 ms"),
            ],
            "PlayersSettings.ABR": [
                "algorithm": .optional(.choice(abr.names), "The algorithm, by name: \(abrList).",
                                       default: .string(PlayersSettings.defaultAlgorithm)),
            ],
            "PlayersSettings.Bandwidth": [
                "process": .required(.choice(processes.names), "The bandwidth process, by name: \(processList)."),
                "scale": .optional(.number(above: 0), "A factor on the process's rates.", default: 1),
            ],
            "PlayersSettings.Device": [
                "name": .required(.text, "The device's name, for reports."),
                "share": .required(.number(minimum: 0), "Relative share of the views."),
                "max_rung": .optional(.text, "The highest rung it plays, by name (default: every rung)."),
                "abr": .optional(.object("PlayersSettings.ABR"), "Its own ABR algorithm (default: the players')."),
                "bandwidth": .optional(.object("PlayersSettings.Bandwidth"), "Its own link (default: the players')."),
            ],
            "DeliverySettings.Catalog": [
                "videos": .required(.integer(minimum: 1, maximum: DeliverySettings.Catalog.largestCatalog), "Videos in the back catalogue."),
                "zipf_alpha": .optional(.number(maximum: 5, above: 0), "Zipf exponent: the k-th most popular video has weight k^-alpha.",
                                        default: 0.9),
                "duration": .optional(.distribution(duration), "The videos' durations (default: the uploads' `duration`)."),
                "age": .optional(.distribution(duration),
                                 "The videos' ages at the start of the run, up to 100 years (default: uniform over 0 to 5 years)."),
                "never_watched": .optional(.number(minimum: 0, below: 1), "The share of videos (and new uploads) never watched.",
                                           default: 0),
                "regional": .optional(.number(minimum: 0, maximum: 1),
                                      "The share of videos (and new uploads) watched in one region only, placed by the regions' shares.",
                                      default: 0),
            ],
            "DeliverySettings.Popularity": [
                "rise": .optional(.measure(duration), "Time constant of a video's rise after publication (0: at its peak at once).",
                                  default: "0 s"),
                "half_life": .required(.measure(duration), "Half-life of the decay from the peak, 1 min to 100 years."),
                "floor": .optional(.number(minimum: 0, maximum: 1), "The level an old video settles at, as a share of its peak.",
                                   default: 0.05),
                "step": .optional(.measure(duration), "How often every video's popularity is re-evaluated, 1 min to 7 days.",
                                  default: "1 h"),
            ],
            "DeliverySettings.RenditionShare": [
                "rung": .required(.text, "A rung's name in the ladder."),
                "share": .required(.number(minimum: 0), "Relative share of the views."),
            ],
            "DeliverySettings.Region": [
                "name": .required(.text, "The region's name, for reports."),
                "share": .optional(.number(above: 0), "Relative share of the views.", default: 1),
                "edge_sites": .optional(.integer(minimum: 1, maximum: DeliverySettings.Region.largestSiteCount),
                                        "Edge sites; a region's viewers are spread evenly over them.", default: 1),
                "edge_cache": .required(.measure(size), "Each edge site's cache, 1 MB to 1,000 PB."),
                "failover": .optional(.text, "The region whose sites take this region's viewers when all of its own are down "
                                          + "(default: the largest other region with a site up)."),
                "failover_round_trip": .optional(.measure(duration), "The viewer's round trip to the failover region's sites.",
                                                 default: "100 ms"),
                "time_offset": .optional(.pattern(duration.signedPattern),
                                         "How far the region's local time is ahead of the run's clock, -24 h to +24 h (\"-5 h\": "
                                            + "five hours behind): its views follow diurnal in local time.", default: "0 h"),
            ],
            "DeliverySettings.Outage": [
                "region": .required(.text, "The region's name."),
                "sites": .optional(.integer(minimum: 1), "How many of its sites go down (the first ones; default: all: the region)."),
                "start": .required(.measure(duration), "When, from the start of the run."),
                "duration": .required(.measure(duration), "For how long, above 0."),
            ],
            "DeliverySettings.Prefill": [
                "videos": .required(.integer(minimum: 1, maximum: 1_000_000), "The most popular videos (by the next day's forecast) pushed."),
                "at": .optional(.measure(duration), "Time of day of the push, 0 h to below 24 h.", default: "4 h"),
                "window": .optional(.measure(duration), "The window the fill is spread over, for its rate, 1 min to 1 day.",
                                    default: "2 h"),
            ],
            "DeliverySettings.Edge": [
                "policy": .optional(evictionChoice, "The eviction policy, by name: \(evictionList).", default: "lru"),
                "round_trip": .optional(.measure(duration), "Viewer to edge site and back.", default: "20 ms"),
                "bandwidth": .optional(.measure(bitRate), "An edge site's throughput to one viewer, 1 kbps to 10 Tbps.",
                                       default: "25 Mbps"),
            ],
            "DeliverySettings.Shield": [
                "cache": .required(.measure(size), "Each region's shield cache, 1 MB to 1,000 PB."),
                "policy": .optional(evictionChoice, "The eviction policy, by name: \(evictionList).", default: "lru"),
                "round_trip": .optional(.measure(duration), "Edge site to shield and back.", default: "30 ms"),
                "bandwidth": .optional(.measure(bitRate), "The shield's throughput to an edge site per fetch.", default: "1 Gbps"),
            ],
            "DeliverySettings.Origin": [
                "round_trip": .optional(.measure(duration), "The last cache tier to the origin and back.", default: "80 ms"),
                "bandwidth": .optional(.measure(bitRate), "The origin's throughput per fetch.", default: "500 Mbps"),
            ],
            "DeliverySettings.Sampling": [
                "rate": .required(.anyOf([.number(minimum: 1e-7, maximum: 1), .choice(["auto"])]),
                                  "The share of the catalogue beyond the hot set simulated, or 'auto': vidsim chooses it for `target`."),
                "pinned_videos": .optional(.integer(minimum: 0, maximum: 10_000_000),
                                           "Of the hot set, the most popular taken as always cached at every edge site: "
                                               + "their views counted, their requests not simulated.", default: 0),
                "target": .optional(.measure(duration), "With `rate: auto`: the delivery side's run time to aim for, 1 s to 1 day.",
                                    default: "1 min"),
                "hot_videos": .optional(.integer(minimum: 0, maximum: 10_000_000), "The most popular videos simulated in full.",
                                        default: 10_000),
                "new_videos": .optional(.number(minimum: 1e-7, maximum: 1),
                                        "The share of new uploads beyond the hot set simulated, from `rate` to 1 (default: `rate`)."),
            ],
            "DeliverySettings.PriceTier": [
                "up_to": .optional(.measure(size), "The month's volume this tier's price applies up to (none on the last tier)."),
                "price": .required(.price(per: size), "Price per byte of this tier, such as '$0.085/GB'."),
            ],
            "DatabaseSettings": [
                "name": .required(.text, "The database's name, unique; its figures are `database.<database>.…`."),
                "kind": .required(.choice(DatabaseSettings.DatabaseKind.allCases.map(\.rawValue)), "`relational` or `nosql`: the reports name each database with its kind."),
                "node_capacity": .required(.measure(eventRate), "Queries per second one node serves at most, such as '5000/s'."),
                "replication": .optional(.integer(minimum: 1, maximum: 100),
                                         "Copies of each shard, each on its own node: every write goes to each copy, reads are spread over them.",
                                         default: 1),
                "target_utilisation": .optional(.number(maximum: 1, above: 0), "The share of a node to plan for at the peak, in (0, 1].",
                                                default: 0.7),
                "price": .optional(.price(per: duration), "Price per node-hour, such as '$0.50/h'.", default: "$0/h"),
                "load": .required(.list(.object("DatabaseSettings.Load"), minItems: 1), "The reads and writes each kind of event brings."),
            ],
            "DatabaseSettings.Load": [
                "per": .required(.text, "`upload`, `view` (with `delivery:` or `metadata.views`), a work class's name, or the name of "
                                     + "another event given with `rate` (`sign_up`)."),
                "rate": .optional(.measure(eventRate), "The mean rate of an event vidsim does not simulate, such as '20/s' (flat over the day)."),
                "reads": .optional(.number(minimum: 0, maximum: 1_000_000), "Reads per event.", default: 0),
                "writes": .optional(.number(minimum: 0, maximum: 1_000_000), "Writes per event.", default: 0),
            ],
            "WorkSettings": [
                "classes": .required(.list(.object("WorkSettings.WorkClass"), minItems: 1, maxItems: 100), "The classes of work, 1 to 100."),
                "pools": .required(.list(.object("WorkSettings.Pool"), minItems: 1, maxItems: 100),
                                   "The worker pools, 1 to 100; each serves at least one class (as its `pool` or `overflow`)."),
                "calibration": .optional(.text, "A calibration file with editing operations (`vidsim bench --operations ... --out FILE`), "
                                             + "relative to the scenario file, for classes whose `service` names an `operation` "
                                             + "(default: `transcode.calibration`'s)."),
            ],
            "WorkSettings.MeasuredService": [
                "operation": .required(.text, "The editing operation, as `vidsim bench --operations` measured it: trim, filter or preview, "
                                           + "optionally with its height (preview:360)."),
                "height": .optional(.integer(minimum: 2, maximum: WorkSettings.MeasuredService.tallest),
                                    "The output height it was measured at, when the calibration has it at several (preview:360, preview:720)."),
                "content": .required(.distribution(duration), "The length of video one job processes (a trim's clip, a preview's span)."),
            ],
            "WorkSettings.WorkClass": [
                "name": .required(.text, "The class's name, unique; its figures are `work.class.<name>.…`."),
                "rate": .optional(.measure(eventRate), "Mean arrivals of jobs per unit time (over the day with `diurnal`), such as '20/s'; or `sessions`."),
                "sessions": .optional(.object("WorkSettings.Sessions"), "Jobs in sessions instead of on their own at a `rate`."),
                "diurnal": .optional(.object("DiurnalProfile"), "Daily shape of the arrivals, of jobs or sessions (default: flat)."),
                "bursts": .optional(.list(.object("Burst"), maxItems: 1000), "Periods at a multiple of the rate (a launch's viral evening)."),
                "service": .required(.anyOf([.distribution(duration), .object("WorkSettings.MeasuredService")]),
                                     "A job's time on a worker, or an editing operation measured by `vidsim bench` on a length of video "
                                         + "(`{ operation: preview, content: 20 s }`)."),
                "priority": .optional(.integer(minimum: 1, maximum: 100),
                                      "1 is served first: a free worker takes the waiting job of the lowest number, first come first "
                                          + "served within it; a job in service is never interrupted.", default: 1),
                "pool": .required(.text, "The pool (by name) whose workers serve the class."),
                "overflow": .optional(.text, "A pool a job goes to when every worker of its own pool is busy and one of this pool's is free (default: none)."),
                "objective": .optional(.object("WorkSettings.Objective"), "The latency the class's jobs should finish within."),
            ],
            "WorkSettings.Sessions": [
                "rate": .required(.measure(eventRate), "Sessions starting per unit time, such as '10/s'."),
                "jobs": .required(.number(minimum: 1, maximum: 1_000_000), "The mean jobs per session (a geometric number, at least one)."),
                "think_time": .optional(.distribution(duration), "From one job's end to the session's next job, mean 0 to 1 day.", default: "0 s"),
            ],
            "ZoneSettings": [
                "names": .required(.list(.text, minItems: 1, maxItems: ZoneSettings.mostZones), "The zones, each named once."),
                "outages": .optional(.list(.object("ZoneSettings.ZoneOutage"), maxItems: 1000), "The periods a zone is lost (default: none)."),
            ],
            "ZoneSettings.ZoneOutage": [
                "zone": .required(.text, "The zone lost, one of `names`."),
                "start": .required(.measure(duration), "When it is lost, from the start of the run, before the horizon."),
                "duration": .required(.measure(duration), "How long it stays lost, above 0; two outages of one zone do not overlap."),
            ],
            "WorkSettings.Objective": [
                "latency": .required(.measure(duration), "From a job's arrival to its end of service, above 0."),
                "percentile": .optional(.number(above: 0, below: 100), "The share of jobs, in percent, that should finish within it.", default: 99),
            ],
            "WorkSettings.Pool": [
                "name": .required(.text, "The pool's name, unique; its figures are `work.pool.<name>.…`."),
                "kind": .optional(.choice(WorkSettings.Pool.PoolKind.allCases.map(\.rawValue)), "Containers or VMs: the reports name each pool with its kind.", default: "container"),
                "workers": .optional(.integer(minimum: 0, maximum: 1_000_000),
                                     "Workers at time 0, each serving one job at a time: the fixed size (1 or more), or with `autoscaling` "
                                         + "the starting size, from its min to its max (default: min)."),
                "startup": .optional(.measure(duration), "From launch to ready for jobs, at most 1 day (default: container 5 s, VM 90 s)."),
                "price": .optional(.price(per: duration), "Price per worker-hour, such as '$0.04/h'; every worker alive is billed.", default: "$0/h"),
                "autoscaling": .optional(.object("AutoscalingSettings"), "As the transcode fleet's, on the pool's load; without it, the pool is fixed."),
                "spot": .optional(.object("SpotSettings"), "Spot workers, as the transcode fleet's: their share of those launched, discount and interruptions; an interrupted job goes back to the head of its queue."),
                "zones": .optional(.list(.text, minItems: 1), "The zones (of `zones.names`) the workers run in; required with `zones:`."),
                "vcpus": .optional(.number(minimum: 0.1, maximum: 1024), "vCPUs a job may use, for measured services (a time given is taken as it is).", default: 1),
                "speed": .optional(.number(minimum: 0.001, maximum: 1000), "Per-core speed relative to the machine the operations were measured on.", default: 1),
                "parallel_efficiency": .optional(.number(minimum: 0.01, maximum: 1), "How much of the extra vCPUs a measured job turns into speed.", default: 1),
            ],
            "MetadataSettings": [
                "views": .optional(.measure(eventRate), "Mean views per unit time, such as '5,000,000,000/day'.", default: "0/s"),
                "writes_per_upload": .optional(.number(minimum: 0), "Database writes per upload.", default: 10),
                "reads_per_view": .optional(.number(minimum: 0), "Database reads per view.", default: 3),
                "shard_capacity": .required(.measure(eventRate), "Queries per second one shard serves, such as '5000/s'."),
                "target_utilisation": .optional(.number(maximum: 1, above: 0),
                                                "The share of a shard to plan for at the peak, in (0, 1].", default: 0.7),
            ],
        ]
    }

    // MARK: Distributions

    /// What a distribution parameter holds.
    struct DistributionParameter {
        enum Kind {
            /// A quantity in the field's unit.
            case quantity
            /// A plain number (a shape), above the bound if one is given.
            case number(above: Double?)
            /// A list of quantities in the field's unit.
            case quantities
            /// A list of weights, zero or more.
            case weights
        }

        let kind: Kind
        let description: String
    }

    /// Each parameter of `DistributionSpec.parameters`.
    static var distributionParameters: [String: DistributionParameter] {
        [
            "value": .init(kind: .quantity, description: "The constant's value (constant)."),
            "low": .init(kind: .quantity, description: "The lower bound (uniform)."),
            "high": .init(kind: .quantity, description: "The upper bound (uniform)."),
            "mean": .init(kind: .quantity, description: "The mean (exponential, normal; lognormal with p95)."),
            "standard_deviation": .init(kind: .quantity, description: "The standard deviation (normal)."),
            "median": .init(kind: .quantity, description: "The median (lognormal, with sigma)."),
            "sigma": .init(kind: .number(above: nil), description: "The standard deviation of the logarithm (lognormal, with median)."),
            "p95": .init(kind: .quantity, description: "The 95th percentile (lognormal, with mean)."),
            "shape": .init(kind: .number(above: 0), description: "The shape, a plain number (gamma, weibull, pareto)."),
            "scale": .init(kind: .quantity, description: "The scale (gamma, weibull)."),
            "minimum": .init(kind: .quantity, description: "The minimum (pareto)."),
            "values": .init(kind: .quantities, description: "The values, each drawn with its weight (empirical)."),
            "bins": .init(kind: .quantities, description: "Bin edges, one more than the weights; uniform within a bin (empirical)."),
            "weights": .init(kind: .weights, description: "Weights of the values or bins (empirical)."),
        ]
    }

    /// The parameters each distribution needs: one set, or alternative sets (a lognormal by median and sigma, or by
    /// mean and p95). Together they must be exactly `DistributionSpec.parameters`.
    static var distributionKinds: [String: [[String]]] {
        [
            "constant": [["value"]], "uniform": [["low", "high"]], "exponential": [["mean"]],
            "normal": [["mean", "standard_deviation"]], "lognormal": [["median", "sigma"], ["mean", "p95"]],
            "gamma": [["shape", "scale"]], "weibull": [["shape", "scale"]], "pareto": [["shape", "minimum"]],
            "empirical": [["values", "weights"], ["bins", "weights"]],
        ]
    }
}

extension ScenarioSchema {
    /// The preset each codec takes (`VideoCodec.presetKind`): one of its names, or a whole number, written as
    /// a number or as text. A ladder without `codec:` has the default codec's.
    static func presetRules(defaultCodec: VideoCodec) -> [JSONTree] {
        VideoCodec.allCases.map { codec in
            let preset: JSONTree
            switch codec.presetKind {
            case let .named(names): preset = ["enum": .array(names.map { .string($0) })]
            case .number: preset = ["anyOf": [["type": "integer"], ["type": "string", "pattern": "^[+-]?[0-9]+$"]]]
            }
            var condition: JSONTree = ["properties": ["codec": ["const": .string(codec.encoderName)]]]
            if codec != defaultCodec { condition = condition.adding("required", ["codec"]) }
            return ["if": condition, "then": ["properties": ["preset": preset]]]
        }
    }
}
