// The city's views across partitions, as `city stats|queue|ledger` print
// them and `city serve` answers them: each built with the engine's own
// queries on every partition's replica, in the order the partitions are
// named, and summed or merged here. Rates of a sum are recomputed from the
// summed counts, never averaged.
#pragma once

#ifdef GRIDLEDGER_WITH_JETSTREAM
#include <functional>
#include <string>

#include "engine_context.h"
#include "gridledger/engine.h"
#include "output.h"

namespace gridledger::cli {

// Runs `each` on every partition of a view (its district code and its
// replica), in order.
using PartitionVisitor = std::function<void(const std::string& district, Engine& engine)>;
using CityPartitions = std::function<void(const PartitionVisitor& each)>;

// {"partitions": [...], "total": {...}}: each partition's statistics over
// `filters` (and, unless `no_streets`, each of its streets' beneath it),
// and the city's sums. When `table` is given, also its rows.
Json CityStats(const CityPartitions& partitions, const Filters& filters, bool no_streets,
               Table* table);

// The open cases across partitions that are overdue, warned or escalated
// above their grid; overdue first, then by deadline. An array.
Json CityQueue(const CityPartitions& partitions, const Filters& filters, Table* table);

// Every partition's ledger (台账) entries over `filters`, each with its
// partition, in the order filed. An array.
Json CityLedger(const CityPartitions& partitions, const Filters& filters, Table* table);

}  // namespace gridledger::cli
#endif
