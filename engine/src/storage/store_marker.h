// The format marker that makes a directory a GridLedger store, and the
// check every open makes before RocksDB may create or change anything.
#pragma once

#include <string>

#include "gridledger/status.h"

namespace gridledger {

// Name of the marker file in a data directory. Its content is
// "GridLedger store\nformat 1\n".
inline constexpr const char* kStoreMarkerFile = "GRIDLEDGER";
inline constexpr int kStoreFormat = 1;

// Decides whether `dir` may be opened as a GridLedger store, before
// anything in it is touched:
//  * a missing or empty directory: created with its marker (synced) when
//    `create` is set, else kNotFound;
//  * a directory with the marker: OK (kInvalidArgument for a format this
//    build does not know);
//  * a store from before the marker (a RocksDB database holding the log's
//    column families): OK; the marker is added unless `read_only`;
//  * anything else: kInvalidArgument naming what was found; nothing is
//    written.
Status PrepareStoreDirectory(const std::string& dir, bool create, bool read_only);

}  // namespace gridledger
