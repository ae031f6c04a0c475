/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/PeerJena.java - times the reference queries on a Jena TDB2 store for
 * the benchmark (bench/run.sh; the load, export and first query are Jena's
 * own tdb2.* commands, timed by bench/driver exec).
 *
 * usage: java -cp JENA_CLASSPATH PeerJena.java TDB2_DIR QUERY_DIR
 *
 * Opens the store once, makes the default graph the union of the named
 * graphs (as kgsh and the other peers read it), and runs each permutation
 * file of QUERY_DIR the way bench/driver.c runs it for kgsh: up to 7 runs,
 * at least 3 unless one takes over 5 s of CPU, until a second is spent, every value
 * of every row read. A run is cancelled after BENCH_QUERY_TIMEOUT seconds
 * (default 120, Virtuoso's MaxQueryExecutionTime here): some orders of
 * exposure.rq make Jena join before it can bind a path's end, for hours.
 * Prints one JSON line per file in driver.c's format (BENCH_SIZE from the
 * environment). */
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.TxnType;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;

public class PeerJena {
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    record Run(double wall, double cpu, long rows, String error) {}

    static Run run(Dataset ds, String text, long timeoutSeconds) {
        long w0 = System.nanoTime(), c0 = CPU.getCurrentThreadCpuTime();
        long rows = 0;
        String error = null;
        ds.begin(TxnType.READ);
        try {
            Query q = QueryFactory.create(text);
            try (QueryExecution qe = QueryExecution.dataset(ds).query(q)
                     .timeout(timeoutSeconds, TimeUnit.SECONDS).build()) {
                if (q.isAskType()) {
                    rows = qe.execAsk() ? 1 : 0;
                } else {
                    ResultSet rs = qe.execSelect();
                    List<String> vars = rs.getResultVars();
                    while (rs.hasNext()) {
                        QuerySolution s = rs.next();
                        for (String v : vars)
                            s.get(v);
                        rows++;
                    }
                }
            }
        } catch (QueryCancelledException e) {
            error = "timeout: cancelled after " + timeoutSeconds + " s";
        } catch (RuntimeException e) {
            error = String.valueOf(e.getMessage());
        } finally {
            ds.end();
        }
        return new Run((System.nanoTime() - w0) * 1e-9, (CPU.getCurrentThreadCpuTime() - c0) * 1e-9, rows, error);
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ") + "\"";
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PeerJena TDB2_DIR QUERY_DIR");
            System.exit(2);
        }
        String size = System.getenv().getOrDefault("BENCH_SIZE", "0");
        long timeout = Long.parseLong(System.getenv().getOrDefault("BENCH_QUERY_TIMEOUT", "120"));
        Dataset ds = TDB2Factory.connectDataset(args[0]);
        ds.getContext().set(TDB2.symUnionDefaultGraph, true);
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[1]))) {
            files = s.filter(p -> p.toString().endsWith(".rq")).sorted().collect(Collectors.toList());
        }
        for (Path f : files) {
            String text = Files.readString(f);
            List<Double> walls = new ArrayList<>(), cpus = new ArrayList<>();
            double spent = 0;
            Run r;
            do {
                r = run(ds, text, timeout);
                walls.add(r.wall);
                cpus.add(r.cpu);
                spent += r.wall;
            } while (r.error == null && walls.size() < 7 && r.cpu <= 5 && (walls.size() < 3 || spent < 1));
            double first = walls.get(0);
            Collections.sort(walls);
            Collections.sort(cpus);
            String name = f.getFileName().toString().replaceFirst("\\.rq$", "");
            System.out.printf("{\"system\":\"jena\",\"size\":%s,\"op\":\"query\",\"query\":%s,\"wall\":%.6f,"
                              + "\"cpu\":%.6f,\"min_wall\":%.6f,\"min_cpu\":%.6f,\"first_wall\":%.6f,"
                              + "\"runs\":%d,\"rows\":%d,\"ok\":%s%s}%n",
                              size, json(name), walls.get(walls.size() / 2), cpus.get(cpus.size() / 2),
                              walls.get(0), cpus.get(0), first, walls.size(), r.rows, r.error == null,
                              r.error == null ? "" : ",\"error\":" + json(r.error));
            System.out.flush();
        }
        ds.close();
    }
}
