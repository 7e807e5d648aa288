package io.streammtl.stream;

import org.apache.kafka.common.Node;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Sends one request of the Kafka protocol to one broker on its own plaintext connection and reads the answer: for
 * the few broker APIs the Admin client does not offer. It speaks the version of the kafka-clients on the class path,
 * which is the embedded broker's own.
 */
final class BrokerRequest {
    private static final String CLIENT_ID = "streammtl";

    private BrokerRequest() {
    }

    /** Sends {@code builder}'s request at the latest version it allows to {@code broker}; returns the answer. */
    static AbstractResponse send(Node broker, AbstractRequest.Builder<?> builder, Duration timeout)
            throws IOException {
        AbstractRequest request = builder.build(builder.latestAllowedVersion());
        // A builder may settle on a lower version than asked (TxnOffsetCommit does without transactions v2).
        RequestHeader header = new RequestHeader(builder.apiKey(), request.version(), CLIENT_ID, 1);
        ByteBuffer payload = request.serializeWithHeader(header);
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        try (Socket socket = new Socket()) {
            int millis = (int) timeout.toMillis();
            socket.connect(new InetSocketAddress(broker.host(), broker.port()), millis);
            socket.setSoTimeout(millis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = in.readNBytes(in.readInt());
            return AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header);
        }
    }
}
