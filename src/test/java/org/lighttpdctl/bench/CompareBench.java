package org.lighttpdctl.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures one lever: two or more command lines run alternately, each {@code --runs} times after one warm-up,
 * with wall, CPU and peak RSS from {@link ChildCost}; prints the cost table. Used to decide which levers to
 * keep (README). Each argument is {@code NAME=COMMAND LINE} (split on blanks; the first word an absolute path).
 *
 * <pre>java -cp ... org.lighttpdctl.bench.CompareBench --runs 15 'old=/tmp/old/bin/lighttpdctl status -f CONF' 'new=...'</pre>
 */
public final class CompareBench {
    private CompareBench() {
    }

    public static void main(String[] args) {
        int runs = 15;
        Map<String, List<String>> commands = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                int eq = args[i].indexOf('=');
                commands.put(args[i].substring(0, eq), List.of(args[i].substring(eq + 1).trim().split("\\s+")));
            }
        }
        System.out.println(Machine.describe());
        CostTable table = new CostTable(commands.keySet());
        for (int i = 0; i <= runs; i++) {
            for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                table.add(command.getKey(), ChildCost.run(new ArrayList<>(command.getValue()), Map.of(),
                        Duration.ofSeconds(120)), BusyMachine.loadAverage(), i > 0);
            }
        }
        System.out.printf("%d runs each after a warm-up, alternating (medians; min in brackets):%n", runs);
        System.out.print(table.render());
        System.exit(0);
    }
}
