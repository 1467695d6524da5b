package dev.sextant.execution.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One routing choice, recorded with its reason (issue 8: "every routing choice recorded with its reason").
 *
 * @param request    what was routed
 * @param route      how it goes
 * @param reason     why, machine-readable
 * @param because    why, as a sentence with the numbers
 * @param limitPrice the limit price of {@link RouteType#LIMIT_AT_TOUCH}, else null
 * @param schedule   the slices of {@link RouteType#TWAP}, else null
 * @param metrics    the numbers used
 * @param decidedAt  the routing time handed in
 */
public record RoutingDecision(
        RouteRequest request,
        RouteType route,
        ReasonCode reason,
        String because,
        BigDecimal limitPrice,
        TwapSchedule schedule,
        RoutingMetrics metrics,
        Instant decidedAt) {

    public RoutingDecision {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(because, "because");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(decidedAt, "decidedAt");
        if (reason.route() != route) {
            throw new IllegalArgumentException(reason + " leads to " + reason.route() + ", not " + route);
        }
        if ((route == RouteType.LIMIT_AT_TOUCH) != (limitPrice != null)) {
            throw new IllegalArgumentException("a limit price goes with LIMIT_AT_TOUCH only");
        }
        if ((route == RouteType.TWAP) != (schedule != null)) {
            throw new IllegalArgumentException("a schedule goes with TWAP only");
        }
    }

    /** Whether the order is sent at all. */
    public boolean accepted() {
        return route != RouteType.REJECT;
    }
}
