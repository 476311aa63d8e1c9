# Plots of one benchmark run. usage: gnuplot -e "dir='results/plots-<stamp>'" bench/plots.gnuplot
# Reads the .dat files bench/report.py wrote into `dir`, writes PNGs beside them.
set terminal pngcairo size 960,560 noenhanced font ",11"
set grid
set key outside right top
set datafile missing "NaN"

set output dir."/concurrency.png"
set title "Append throughput vs concurrent appenders (one 752-byte event per call)"
set xlabel "appending threads"
set ylabel "events/s"
set logscale xy
set xtics (1, 4, 16, 64, 256)
set format y "%.0s%c"
plot dir."/concurrency.dat" using 1:3 with linespoints lw 2 title "GridLedger, buffered", \
     "" using 1:2 with linespoints dt 2 title "raw RocksDB, no sync", \
     "" using 1:7 with linespoints lw 2 title "GridLedger, durable", \
     "" using 1:4 with linespoints dt 2 title "raw RocksDB, sync", \
     "" using 1:5 with linespoints title "SQLite, WAL + FULL", \
     "" using 1:6 with linespoints title "PostgreSQL, synchronous_commit"

set output dir."/latency.png"
set title "Durable append latency at fixed offered load (open loop)"
set xlabel "offered load, events/s"
set ylabel "latency, ms"
unset logscale x
set logscale y
set xtics auto
set format x "%.0s%c"
set format y "%g"
plot dir."/latency.dat" using 1:($11/1000) with linespoints lw 2 title "GridLedger AppendAsync p50", \
     "" using 1:($12/1000) with linespoints lw 2 title "GridLedger AppendAsync p99", \
     "" using 1:($13/1000) with linespoints lw 2 title "GridLedger AppendAsync p99.9", \
     "" using 1:($3/1000) with linespoints title "GridLedger Append (256 threads) p99", \
     "" using 1:($6/1000) with linespoints dt 2 title "raw RocksDB p99", \
     "" using 1:($9/1000) with linespoints dt 3 title "PostgreSQL p99", \
     5 with lines lc rgb "red" dt 4 title "target: p99 5 ms at 50k/s"

set output dir."/growth.png"
set title "Throughput vs stored events"
set xlabel "stored events"
set ylabel "operations/s"
set logscale xy
set format x "%.0s%c"
set format y "%.0s%c"
plot dir."/growth.dat" using 1:5 with linespoints lw 2 title "read a 20-event stream", \
     "" using 1:6 with linespoints lw 2 title "read last event of a stream", \
     "" using 1:7 with linespoints lw 2 title "read one event by id", \
     "" using 1:8 with linespoints dt 2 title "read a recent stream (latest 1M events)", \
     "" using 1:9 with linespoints dt 2 title "read a recent event by id", \
     "" using 1:3 with linespoints title "buffered appends (events)", \
     "" using 1:4 with linespoints title "durable appends, 16 threads (events)"

set output dir."/size.png"
set title "Append throughput vs event size"
set xlabel "stored event bytes"
set ylabel "events/s"
set logscale xy
set xtics (100, 1024, 4096, 16384)
set format x "%g"
plot dir."/size.dat" using 1:3 with linespoints lw 2 title "GridLedger, buffered (batch 10)", \
     "" using 1:2 with linespoints dt 2 title "raw RocksDB, no sync (batch 10)", \
     "" using 1:7 with linespoints lw 2 title "GridLedger, durable (16 threads)", \
     "" using 1:4 with linespoints dt 2 title "raw RocksDB, sync (16 threads)", \
     "" using 1:5 with linespoints title "SQLite (16 threads)", \
     "" using 1:6 with linespoints title "PostgreSQL (16 threads)"

set output dir."/batch.png"
set title "Append throughput vs batch size (one caller)"
set xlabel "events per append"
set ylabel "events/s"
set xtics (1, 10, 100, 1000)
plot dir."/batch.dat" using 1:4 with linespoints lw 2 title "GridLedger, buffered", \
     "" using 1:2 with linespoints dt 2 title "raw RocksDB WriteBatch, no sync", \
     "" using 1:3 with linespoints dt 3 title "raw + the engine's index rows", \
     "" using 1:5 with linespoints title "SQLite, synchronous=OFF", \
     "" using 1:8 with linespoints lw 2 title "GridLedger, durable", \
     "" using 1:6 with linespoints dt 2 title "raw RocksDB WriteBatch, sync", \
     "" using 1:7 with linespoints title "SQLite, synchronous=FULL"
