// Symbol visibility for the engine library. Written by hand (not
// generate_export_header) because GCC rejects [[nodiscard]] combined with
// __attribute__((visibility)) on one class.
#pragma once

#if defined(GRIDLEDGER_SHARED)
#define GRIDLEDGER_EXPORT [[gnu::visibility("default")]]
#else
#define GRIDLEDGER_EXPORT
#endif
