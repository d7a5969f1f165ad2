package dev.yolojava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsReportTest {

    @Test
    void formatsLikePythonPercentG() {
        // expected strings are Python's '%.3g' % v
        assertThat(MetricsReport.formatG3(0.995)).isEqualTo("0.995");
        assertThat(MetricsReport.formatG3(1.0)).isEqualTo("1");
        assertThat(MetricsReport.formatG3(0.5)).isEqualTo("0.5");
        assertThat(MetricsReport.formatG3(0.0)).isEqualTo("0");
        assertThat(MetricsReport.formatG3(0.12345)).isEqualTo("0.123");
        assertThat(MetricsReport.formatG3(0.99951)).isEqualTo("1");
        assertThat(MetricsReport.formatG3(0.00012345)).isEqualTo("0.000123");
        assertThat(MetricsReport.formatG3(1.234e-5)).isEqualTo("1.23e-05");
        assertThat(MetricsReport.formatG3(0.4975)).isEqualTo("0.497"); // 0.4975 is stored just below the half
        assertThat(MetricsReport.formatG3(1234.0)).isEqualTo("1.23e+03");
        assertThat(MetricsReport.formatG3(Double.NaN)).isEqualTo("nan");
    }

    private static DetMetrics twoClassMetrics() {
        float[] gts = {0, 0, 100, 100, 200, 200, 300, 260};
        BoxStats stats = new BoxStats()
                .add(ImageStats.compute(0, new float[] {0, 0, 100, 100}, new float[] {0.9f}, new int[] {0}, gts,
                        new int[] {0, 1}))
                .add(ImageStats.compute(1, new float[0], new float[0], new int[0], new float[] {0, 0, 5, 5},
                        new int[] {0}));
        return DetMetrics.compute(stats, List.of("person", "car", "dog"));
    }

    @Test
    void tableLooksLikeUltralytics() {
        DetMetrics m = twoClassMetrics();
        // rows as Python prints ("%22s" + "%11i" * 2 + "%11.3g" * 4) % (...) for these values: person AP 0.495
        // (envelope 1 up to recall 0.5), car AP 0, means over the two classes with labels
        String expected = String.join("\n",
                "                 Class     Images  Instances      Box(P          R      mAP50  mAP50-95)",
                "                   all          2          3        0.5       0.25      0.247      0.247",
                "                person          2          2          1        0.5      0.495      0.495",
                "                   car          1          1          0          0          0          0",
                "");
        assertThat(m.table(true)).isEqualTo(expected);
        assertThat(m.table(false)).isEqualTo(expected.substring(0, expected.indexOf("person") - 16));
    }

    @Test
    void jsonHasResultsAndClasses() {
        DetMetrics m = twoClassMetrics();
        String json = m.toJson();
        assertThat(json).startsWith("{\n  \"images\": 2,\n  \"instances\": 3,\n  \"metrics/precision(B)\": 0.5,\n");
        assertThat(json).contains("\"fitness\": " + m.map() + ",\n");
        assertThat(json).contains("\"maps\": [" + m.ap(0) + ", 0.0, " + m.map() + "]");
        assertThat(json).contains("{\"class\": 1, \"name\": \"car\", \"images\": 1, \"instances\": 1, "
                + "\"precision\": 0.0, \"recall\": 0.0, \"f1\": 0.0, \"mAP50\": 0.0, \"mAP50-95\": 0.0}");
        assertThat(MetricsReport.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }
}
