import CFFmpeg
import Foundation
import VidsimCalibration

extension VideoCodec {
    /// Whether the FFmpeg vidsim is linked against has this encoder.
    public var isAvailable: Bool { FFmpegLibraries.hasEncoder(encoderName) }

    /// Checks `preset` as `checkPreset` does and, for a numeric preset, against the range this FFmpeg's encoder
    /// declares for its option (SVT-AV1's preset and libvpx's cpu-used ranges differ between FFmpeg releases).
    /// An encoder this FFmpeg lacks is not checked further: the benchmark names it as missing.
    public func checkPresetWithEncoder(_ preset: String) throws(InvalidPreset) {
        try checkPreset(preset)
        guard presetKind == .number, let value = Int(preset), let range = presetRange else { return }
        guard range.contains(Double(value)) else {
            throw InvalidPreset(codec: self, preset: preset, expected: String(
                format: "a whole number from %.0f to %.0f (this FFmpeg's %@)", range.lowerBound, range.upperBound,
                encoderName))
        }
    }

    /// The range this FFmpeg's encoder accepts for its preset option, read from the option's own table.
    var presetRange: ClosedRange<Double>? {
        guard let encoder = avcodec_find_encoder_by_name(encoderName) else { return nil }
        var privateClass = encoder.pointee.priv_class
        guard privateClass != nil else { return nil }
        let option = withUnsafeMutablePointer(to: &privateClass) { classPointer in
            av_opt_find(UnsafeMutableRawPointer(classPointer), presetOption, nil, 0, AV_OPT_SEARCH_FAKE_OBJ)
        }
        guard let option, option.pointee.min <= option.pointee.max else { return nil }
        return option.pointee.min...option.pointee.max
    }
}
