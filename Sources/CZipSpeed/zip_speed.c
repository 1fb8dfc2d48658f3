// Faster zipping of workbooks.
//
// libxlsxwriter 1.1.4 zips each workbook through minizip at zlib's default level (6) and offers no option to
// change it; for a million-row sheet that deflate is half of apptrail's time. The executable exports this
// deflateInit2_, which the dynamic linker then prefers over zlib's for every library in the process: a call
// asking for the default level gets level 1 instead (3 to 4 times faster, a file about a quarter larger);
// every other call passes through untouched. Only deflate is affected: libcurl inflates, and nothing else in
// apptrail compresses.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <zlib.h>
#include "zip_speed.h"

typedef int (*deflate_init2_fn)(z_streamp, int, int, int, int, int, const char *, int);

int apptrail_workbook_deflate_level(void) { return Z_BEST_SPEED; }

int deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level, int strategy,
                  const char *version, int stream_size) {
    static deflate_init2_fn next = 0;
    if (!next) next = (deflate_init2_fn)dlsym(RTLD_NEXT, "deflateInit2_");
    if (!next) return Z_VERSION_ERROR;
    if (level == Z_DEFAULT_COMPRESSION) level = apptrail_workbook_deflate_level();
    return next(strm, level, method, window_bits, mem_level, strategy, version, stream_size);
}
