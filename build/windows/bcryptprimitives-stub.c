/* A stand-in for Windows 10's bcryptprimitives.dll, for Wine prefixes only (never the installer).
 *
 * Rust code (pydantic-core, in the commune's server) and Chromium's pdfium (QtPdf, the print
 * preview) take their random numbers from bcryptprimitives.ProcessPrng, which every Windows 10
 * has and Wine 8 lacks: pydantic-core cannot load, and pdfium stops the process at a CHECK
 * (exception 0x80000003) when it opens a PDF. Here ProcessPrng asks bcrypt.dll's system-preferred generator, which
 * Wine has (as Windows' ProcessPrng draws from the same kernel generator).
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
