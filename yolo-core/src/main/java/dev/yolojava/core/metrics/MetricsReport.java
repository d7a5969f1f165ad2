package dev.yolojava.core.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/** Text renderings of {@link DetMetrics} and {@link TaskMetrics}: Ultralytics' validation table and a JSON document. */
public final class MetricsReport {

    private MetricsReport() {
    }

    /** The table header, {@code ("%22s" + "%11s" * 6)} as Ultralytics' {@code get_desc}. */
    public static String header() {
        return String.format(Locale.ROOT, "%22s%11s%11s%11s%11s%11s%11s",
                "Class", "Images", "Instances", "Box(P", "R", "mAP50", "mAP50-95)");
    }

    /**
     * Ultralytics' {@code print_results}: the header, the {@code all} row, then (when {@code perClass} and there is
     * more than one class name) one row per class present in the labels; numbers as Python's {@code %11.3g}.
     */
    public static String table(DetMetrics m, boolean perClass) {
        return table(header(), m, m.meanResults(), m::classResult, perClass);
    }

    /**
     * The header of a segment or pose validation: {@code ("%22s" + "%11s" * 10)} with {@code Box(P R mAP50 mAP50-95)}
     * and {@code Mask(...)} or {@code Pose(...)}.
     */
    public static String header(TaskMetrics.Kind kind) {
        return header() + String.format(Locale.ROOT, "%11s%11s%11s%11s", kind.header() + "(P", "R", "mAP50",
                "mAP50-95)");
    }

    /** As {@link #table(DetMetrics, boolean)} with the box and then the mask or pose columns of each row. */
    public static String table(TaskMetrics m, boolean perClass) {
        return table(header(m.kind()), m.box(), m.meanResults(), m::classResult, perClass);
    }

    private static String table(String header, DetMetrics m, double[] mean,
                                java.util.function.IntFunction<double[]> classResult, boolean perClass) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        sb.append(row("all", m.numImages(), m.numInstances(), mean)).append('\n');
        if (perClass && m.names().size() > 1) {
            int[] classes = m.apClassIndex();
            long[] images = m.ntPerImage();
            long[] instances = m.ntPerClass();
            for (int i = 0; i < classes.length; i++) {
                int c = classes[i];
                sb.append(row(m.names().get(c), images[c], instances[c], classResult.apply(i))).append('\n');
            }
        }
        return sb.toString();
    }

    private static String row(String name, long images, long instances, double[] values) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%22s%11d%11d", name, images, instances));
        for (double v : values) {
            sb.append(String.format(Locale.ROOT, "%11s", formatG3(v)));
        }
        return sb.toString();
    }

    /**
     * Python's {@code '%.3g' % v}: three significant digits (round-half-even on the exact binary value), trailing
     * zeros dropped, exponent notation below 1e-4 or from 1e3.
     */
    public static String formatG3(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN));
        int exp = rounded.precision() - rounded.scale() - 1;
        if (exp < -4 || exp >= 3) {
            String mantissa = rounded.movePointLeft(exp).stripTrailingZeros().toPlainString();
            return mantissa + String.format(Locale.ROOT, "e%+03d", exp);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /**
     * The metrics as a JSON object: image and instance counts, {@link DetMetrics#resultsDict()}, {@code mAP75},
     * {@code maps} (per class id) and one entry per class present in the labels. Non-finite numbers become null.
     */
    public static String json(DetMetrics m) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"images\": ").append(m.numImages()).append(",\n");
        sb.append("  \"instances\": ").append(m.numInstances()).append(",\n");
        for (Map.Entry<String, Double> e : m.resultsDict().entrySet()) {
            sb.append("  ").append(quote(e.getKey())).append(": ").append(number(e.getValue())).append(",\n");
        }
        sb.append("  \"metrics/mAP75(B)\": ").append(number(m.map75())).append(",\n");
        sb.append("  \"maps\": [");
        double[] maps = m.maps();
        for (int i = 0; i < maps.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(number(maps[i]));
        }
        sb.append("],\n  \"classes\": [");
        int[] classes = m.apClassIndex();
        long[] images = m.ntPerImage();
        long[] instances = m.ntPerClass();
        for (int i = 0; i < classes.length; i++) {
            int c = classes[i];
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"class\": ").append(c)
                    .append(", \"name\": ").append(quote(m.names().get(c)))
                    .append(", \"images\": ").append(images[c])
                    .append(", \"instances\": ").append(instances[c])
                    .append(", \"precision\": ").append(number(m.precision(i)))
                    .append(", \"recall\": ").append(number(m.recall(i)))
                    .append(", \"f1\": ").append(number(m.f1(i)))
                    .append(", \"mAP50\": ").append(number(m.ap50(i)))
                    .append(", \"mAP50-95\": ").append(number(m.ap(i))).append('}');
        }
        sb.append(classes.length == 0 ? "]\n}\n" : "\n  ]\n}\n");
        return sb.toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
