/* A stand-in for Windows 10's own icuuc.dll, for Wine prefixes only (never the installer).
 *
 * Qt6Core imports these ucnv_* converter functions from the system's icuuc.dll, which every
 * Windows 10 since version 1903 has in System32 and Wine 8 lacks, so Qt cannot load under Wine
 * without it. Each converter "fails to open", and Qt falls back to its own UTF-8/UTF-16/Latin-1
 * codecs, which are all this app uses. Built by build/windows/build.sh with mingw-w64.
 */
#include <stddef.h>

typedef int UErrorCode;
#define U_FILE_ACCESS_ERROR 4
#define API __declspec(dllexport)

API void *ucnv_open(const char *name, UErrorCode *err) {
    (void)name;
    if (err) *err = U_FILE_ACCESS_ERROR;
    return NULL;
}
API void ucnv_close(void *c) { (void)c; }
API void ucnv_reset(void *c) { (void)c; }
API signed char ucnv_getMaxCharSize(const void *c) { (void)c; return 1; }
API const char *ucnv_getName(const void *c, UErrorCode *err) { (void)c; (void)err; return "stub"; }
API const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *err) {
    (void)n; (void)s; (void)err; return NULL;
}
API int ucnv_countAvailable(void) { return 0; }
API const char *ucnv_getAvailableName(int n) { (void)n; return NULL; }
API void ucnv_getToUCallBack(const void *c, void **a, const void **b) {
    (void)c; if (a) *a = NULL; if (b) *b = NULL;
}
API void ucnv_getFromUCallBack(const void *c, void **a, const void **b) {
    (void)c; if (a) *a = NULL; if (b) *b = NULL;
}
API void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **o, const void **oc,
                             UErrorCode *err) {
    (void)c; (void)n; (void)nc; (void)o; (void)oc; (void)err;
}
API void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **o, const void **oc,
                               UErrorCode *err) {
    (void)c; (void)n; (void)nc; (void)o; (void)oc; (void)err;
}
API void ucnv_cbToUWriteUChars(void *a, const void *s, int l, int o, UErrorCode *err) {
    (void)a; (void)s; (void)l; (void)o; (void)err;
}
API void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *e, int o, UErrorCode *err) {
    (void)a; (void)s; (void)e; (void)o; (void)err;
}
API void ucnv_toUnicode(void *c, void **t, const void *te, const char **s, const char *se,
                        int *o, signed char f, UErrorCode *err) {
    (void)c; (void)t; (void)te; (void)s; (void)se; (void)o; (void)f; (void)err;
}
API void ucnv_fromUnicode(void *c, char **t, const char *te, const void **s, const void *se,
                          int *o, signed char f, UErrorCode *err) {
    (void)c; (void)t; (void)te; (void)s; (void)se; (void)o; (void)f; (void)err;
}
API int ucnv_toUCountPending(const void *c, UErrorCode *err) { (void)c; (void)err; return 0; }
API int ucnv_fromUCountPending(const void *c, UErrorCode *err) { (void)c; (void)err; return 0; }
API void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const void *c, int d, int e,
                                         int f, UErrorCode *err) {
    (void)a; (void)b; (void)c; (void)d; (void)e; (void)f; (void)err;
}
API void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const char *c, int d, int e,
                                       UErrorCode *err) {
    (void)a; (void)b; (void)c; (void)d; (void)e; (void)err;
}
