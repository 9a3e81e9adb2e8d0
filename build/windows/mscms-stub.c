/* A stand-in for the four colour-management calls Qt's `windows` platform plugin makes, for
 * Wine prefixes only (never the installer).
 *
 * Wine 8 leaves mscms.WcsCreateIccProfile unimplemented, and a call to it ends the process, so
 * no Qt program can open a real window under Wine. Windows 10 has the whole of mscms.dll. Here
 * each screen simply has no colour profile, and Qt assumes sRGB, as it does on Windows when
 * none is set. Installed as a native override of mscms in the test prefix
 * (build/windows/common.sh).
 */
#include <stddef.h>

typedef int BOOL;
typedef void *HPROFILE;
#define API __declspec(dllexport)

API HPROFILE OpenColorProfileW(const void *profile, unsigned access, unsigned share,
                               unsigned creation) {
    (void)profile; (void)access; (void)share; (void)creation;
    return NULL;
}
API BOOL CloseColorProfile(HPROFILE profile) { (void)profile; return 1; }
API BOOL GetColorProfileFromHandle(HPROFILE profile, unsigned char *buffer, unsigned *size) {
    (void)profile; (void)buffer;
    if (size) *size = 0;
    return 0;
}
API HPROFILE WcsCreateIccProfile(HPROFILE profile, unsigned flags) {
    (void)profile; (void)flags;
    return NULL;
}
