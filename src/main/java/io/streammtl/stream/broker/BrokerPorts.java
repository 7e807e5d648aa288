package io.streammtl.stream.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/** The two loopback ports the broker listens on, remembered in a file so a restart keeps its address. */
record BrokerPorts(int clientPort, int controllerPort) {

    private static final String CLIENT_KEY = "client.port";
    private static final String CONTROLLER_KEY = "controller.port";

    /** The ports recorded in {@code file} if both are still free, else two fresh free ports. */
    static BrokerPorts choose(Path file) throws IOException {
        Optional<BrokerPorts> previous = read(file);
        if (previous.isPresent() && previous.get().areFree()) {
            return previous.get();
        }
        return pickFree();
    }

    void save(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty(CLIENT_KEY, Integer.toString(clientPort));
        properties.setProperty(CONTROLLER_KEY, Integer.toString(controllerPort));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(writer, "Ports of the embedded Kafka broker, reused on the next start when free");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Optional<BrokerPorts> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        try {
            int client = Integer.parseInt(properties.getProperty(CLIENT_KEY, ""));
            int controller = Integer.parseInt(properties.getProperty(CONTROLLER_KEY, ""));
            return isPort(client) && isPort(controller) && client != controller
                    ? Optional.of(new BrokerPorts(client, controller))
                    : Optional.empty();
        } catch (NumberFormatException damaged) {
            // A damaged file only costs the old address; the broker still starts on fresh ports.
            return Optional.empty();
        }
    }

    private boolean areFree() {
        try (ServerSocket client = bind(clientPort); ServerSocket controller = bind(controllerPort)) {
            return client.isBound() && controller.isBound();
        } catch (IOException taken) {
            return false;
        }
    }

    private static BrokerPorts pickFree() throws IOException {
        // Both sockets stay open until both ports are known, so the two picks cannot coincide.
        try (ServerSocket client = bind(0); ServerSocket controller = bind(0)) {
            return new BrokerPorts(client.getLocalPort(), controller.getLocalPort());
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // The JDK binds Kafka's listeners with SO_REUSEADDR as well, so a port left in TIME_WAIT by the
            // previous run is usable and must count as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(BrokerSettings.HOST, port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static boolean isPort(int port) {
        return port > 0 && port <= 65_535;
    }
}
