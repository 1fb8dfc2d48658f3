#ifndef APPTRAIL_CXLSXWRITER_SHIM_H
#define APPTRAIL_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
