package io.streammtl.stream;

/** An HTTP answer of the service's REST endpoints: status code and a JSON body. */
public record RestResponse(int status, byte[] body) {
}
