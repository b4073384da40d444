// The one place where vidsim crosses into FFmpeg's libraries.
#ifndef VIDSIM_CFFMPEG_SHIM_H
#define VIDSIM_CFFMPEG_SHIM_H

#include <errno.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <malloc.h>

// glibc's M_PERTURB (every block malloc hands out filled with one byte), so that libx264's reads of memory it
// has not written give the same encode on every run (FFmpegLibraries.makeEncodesReproducible).
// The mmap threshold is pinned too: glibc otherwise raises it as blocks are freed, so that whether a block comes
// from the heap (filled) or from mmap (zeroed) would depend on what was freed before.
static inline void CFFmpeg_fillAllocations(int byte) {
#ifdef M_PERTURB
    mallopt(M_PERTURB, byte);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
#endif
}

// AVERROR(e) is a function-like macro, which Swift cannot import.
static inline int CFFmpeg_AVERROR(int posixError) { return AVERROR(posixError); }

// AVERROR_EOF and AVERROR(EAGAIN) are built by macros (FFERRTAG), which Swift cannot import.
static inline int CFFmpeg_AVERROR_EOF(void) { return AVERROR_EOF; }
static inline int CFFmpeg_AVERROR_EAGAIN(void) { return AVERROR(EAGAIN); }
static inline int CFFmpeg_AVERROR_STREAM_NOT_FOUND(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int CFFmpeg_AVERROR_ENCODER_NOT_FOUND(void) { return AVERROR_ENCODER_NOT_FOUND; }

// av_err2str is a macro over a compound literal; this fills a caller's buffer with FFmpeg's own message.
static inline int CFFmpeg_strerror(int errnum, char *buffer, size_t size) {
    return av_strerror(errnum, buffer, size);
}

// av_log is variadic, which Swift cannot call; vidsim only ever logs a finished message.
static inline void CFFmpeg_log(void *context, int level, const char *message) {
    av_log(context, level, "%s", message);
}

#endif
