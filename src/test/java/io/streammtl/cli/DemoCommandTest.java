package io.streammtl.cli;

import io.streammtl.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main job, end to end on a real (embedded) broker. */
@Tag("integration")
class DemoCommandTest {
    @Test
    void shouldStreamTheWineDataThroughKafkaAndReport(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path png = dir.resolve("demo.png");
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "demo", "--passes", "2",
                "--data-dir", dir.resolve("data").toString(), "--plot", png.toString());
        String text = out.toString();
        assertEquals(0, code, text + err);
        assertTrue(text.contains("2558 events predicted and learned from"), text);
        assertTrue(text.contains("0 dead letters"), text);
        assertTrue(text.contains("Sample 5: True quality="), text);
        Matcher mse = Pattern.compile("Test set .*version (\\d+).*\\n\\s+quality\\s+mse ([0-9.]+)").matcher(text);
        assertTrue(mse.find(), text);
        assertEquals(2558 / 32, Integer.parseInt(mse.group(1)), "the final model read back from the snapshots topic");
        assertTrue(Double.parseDouble(mse.group(2)) < 0.6, "test mse " + mse.group(2));
        assertNotNull(ImageIO.read(png.toFile()));
    }
}
