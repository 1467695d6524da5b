package dev.sextant.gateway.domain;

/**
 * Readiness of one platform service as the gateway sees it.
 *
 * @param name   service name, e.g. collector
 * @param url    base URL probed ({@code /q/health/ready} is appended)
 * @param status UP (ready), DOWN (answers, not ready) or UNREACHABLE
 * @param detail HTTP status or the connection error
 */
public record ServiceHealth(String name, String url, String status, String detail) {
    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
    public static final String UNREACHABLE = "UNREACHABLE";

    /** Maps the HTTP status of a readiness probe: 200 is UP, anything else DOWN. */
    public static ServiceHealth fromHttpStatus(String name, String url, int httpStatus) {
        return new ServiceHealth(name, url, httpStatus == 200 ? UP : DOWN, "HTTP " + httpStatus);
    }
}
