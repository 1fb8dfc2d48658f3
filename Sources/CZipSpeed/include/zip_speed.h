#ifndef APPTRAIL_ZIP_SPEED_H
#define APPTRAIL_ZIP_SPEED_H
/// The deflate level apptrail's workbooks are zipped with (see zip_speed.c); referenced by the executable so
/// that the interposer is linked in.
int apptrail_workbook_deflate_level(void);
#endif
