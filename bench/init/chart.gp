# The init benchmark at a glance: one bar panel per measurement, lucid-init in colour, the peers
# in grey, the value written on every bar (p99s are in the table: too noisy for a bar).
#   gnuplot -e "data='init.dat'; out='init.png'" chart.gp
# Columns of `data` (one row per init, lucid-init first): see report.py.

set terminal pngcairo size 1600,760 font "DejaVu Sans,11"
set output out
set multiplot layout 2,4 title "lucid-init and its peers as PID 1 of a fresh PID namespace" font ",15"

set style fill solid 0.85 border -1
set boxwidth 0.6
set grid ytics lc rgb "#dddddd"
set border 3
set tics nomirror
set xtics rotate by -30 left font ",10"
set yrange [0:*]
set offsets 0.3, 0.3, 0, 0
set key off
set lmargin 8

lucid = 0x1f77b4
peer = 0xaaaaaa
colour(i) = i == 0 ? lucid : peer

do for [panel = 1:7] {
  # column, title, unit, label format
  if (panel == 1) { col = 2; name = "start-up overhead over /bin/true"; unit = "ms"; fmt = "%.2f" }
  if (panel == 2) { col = 3; name = "idle wake-ups in 10 s"; unit = "context switches"; fmt = "%.0f" }
  if (panel == 3) { col = 4; name = "idle RSS"; unit = "KiB"; fmt = "%.0f" }
  if (panel == 4) { col = 5; name = "SIGTERM forward latency, median"; unit = "µs"; fmt = "%.0f" }
  if (panel == 5) { col = 7; name = "reaping 5,000 orphans"; unit = "ms"; fmt = "%.0f" }
  if (panel == 6) { col = 8; name = "shutdown: SIGTERM to exit"; unit = "s"; fmt = "%.1f" }
  if (panel == 7) { col = 10; name = "size, aarch64"; unit = "KiB"; fmt = "%.0f" }
  # stats only sees points inside the current ranges: drop the previous panel's first.
  set autoscale y
  stats data using col nooutput
  top = STATS_max
  set yrange [0:(top > 0 ? top * 1.3 : 1)]
  set title name font ",12"
  set ylabel unit
  if (panel == 6) {
    plot data using 0:col:(colour($0)):xtic(1) with boxes lc rgb variable, \
         '' using 0:col:(sprintf(fmt, column(col)) . ($9 > 0 ? "\ndone" : "\ncut off")) \
            with labels offset 0,1.3 font ",9"
  } else {
    if (panel == 7) {
      plot data using 0:col:(colour($0)):xtic(1) with boxes lc rgb variable, \
           '' using 0:col:(sprintf(fmt, column(col)) . ($11 > 0 ? "\nstatic" : "\ndynamic")) \
              with labels offset 0,1.3 font ",9"
    } else {
      plot data using 0:col:(colour($0)):xtic(1) with boxes lc rgb variable, \
           '' using 0:col:(sprintf(fmt, column(col))) with labels offset 0,0.7 font ",9"
    }
  }
}

# The eighth cell: how to read the chart.
unset title
unset border
unset tics
unset ylabel
unset grid
set yrange [0:1]
set xrange [0:1]
set label 1 "Lower is better, except for shutdown:\nthe child exits 0.5 s after SIGTERM and its\ngrandchild needs 2 s of cleanup; the label\nsays whether that cleanup finished or was\ncut off when the init exited.\n\nSame child programs for every init; runs\ninterleaved, medians reported. Latency:\nthe init's stderr is a pipe that is read,\nas under a container runtime.\n\nsize: dynamic binaries also need libc." \
    at 0.02,0.92 left font ",10"
plot NaN notitle
unset multiplot
