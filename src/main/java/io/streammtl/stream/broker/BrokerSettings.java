package io.streammtl.stream.broker;

import java.nio.file.Path;
import java.util.Properties;

/** The configuration of a single-node KRaft broker that is also its own controller, on loopback only. */
final class BrokerSettings {

    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerSettings() {
    }

    static Properties of(Path logDirectory, BrokerPorts ports) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        // A static voter set, not a dynamic quorum: a dynamic quorum stores the controller endpoint in the
        // metadata log, which would break a restart that had to move to another controller port.
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + ports.controllerPort());
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("inter.broker.listener.name", CLIENT_LISTENER);
        p.setProperty("listeners", CLIENT_LISTENER + "://" + HOST + ":" + ports.clientPort()
                + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + ports.controllerPort());
        // Clients are redirected to the advertised address, so it must be the loopback one too.
        p.setProperty("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + ports.clientPort());
        p.setProperty("listener.security.protocol.map",
                CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("log.dirs", logDirectory.toString());
        p.setProperty("metadata.log.dir", logDirectory.toString());

        // One node cannot meet the default replication of three for internal topics; groups and
        // transactions then fail to find a coordinator.
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Fifty partitions per internal topic only add files and start-up work on a single local node.
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("share.coordinator.state.topic.num.partitions", "4");

        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the restarted node's controller keeps the old broker registration alive for one session
        // and refuses the new one (DUPLICATE_BROKER_REGISTRATION) until then: the 9 s default was most of a restart.
        // On loopback, in one process, heartbeats every 500 ms do not go missing for 2 s but in a stall that long.
        p.setProperty("broker.heartbeat.interval.ms", "500");
        p.setProperty("broker.session.timeout.ms", "2000");
        // The 128 MiB default costs about 130 MB of memory and 2 s of start-up.
        p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        return p;
    }
}
