package io.streammtl.stream.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerPortsTest {

    @TempDir
    Path directory;

    @Test
    void shouldReuseRememberedPortsWhenTheyAreFree() throws Exception {
        Path file = directory.resolve("ports.properties");
        BrokerPorts first = BrokerPorts.choose(file);
        first.save(file);

        assertEquals(first, BrokerPorts.choose(file));
    }

    @Test
    void shouldPickOtherPortsWhenARememberedPortIsTaken() throws Exception {
        Path file = directory.resolve("ports.properties");
        BrokerPorts remembered = BrokerPorts.choose(file);
        remembered.save(file);

        try (ServerSocket occupant = new ServerSocket()) {
            occupant.bind(new InetSocketAddress(BrokerSettings.HOST, remembered.clientPort()));
            BrokerPorts chosen = BrokerPorts.choose(file);

            assertNotEquals(remembered.clientPort(), chosen.clientPort());
            assertNotEquals(chosen.clientPort(), chosen.controllerPort());
        }
    }

    @Test
    void shouldPickFreshDistinctPortsWhenTheFileIsDamaged() throws Exception {
        Path file = directory.resolve("ports.properties");
        Files.writeString(file, "client.port=not-a-number\n");

        BrokerPorts chosen = BrokerPorts.choose(file);

        assertTrue(chosen.clientPort() > 0 && chosen.controllerPort() > 0);
        assertNotEquals(chosen.clientPort(), chosen.controllerPort());
    }
}
