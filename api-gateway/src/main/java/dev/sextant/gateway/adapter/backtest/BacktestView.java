package dev.sextant.gateway.adapter.backtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.gateway.domain.BacktestHeadline;
import dev.sextant.gateway.domain.BacktestProgress;
import dev.sextant.gateway.domain.BacktestRun;
import dev.sextant.gateway.domain.BacktestSpec;
import dev.sextant.gateway.domain.BacktestStatus;
import java.time.Instant;

/**
 * A backtest run as the API shows it: its state and progress, the request, the headline figures beside the
 * baselines once done, links to the report files, and (one run only) the whole {@code summary.json}.
 *
 * @param summary the backtester's summary.json, only in {@code GET /api/v1/backtests/{id}} of a finished run
 */
public record BacktestView(String id, BacktestStatus status, String phase, double progress, long candlesDone,
                           long candlesTotal, BacktestSpec request, Instant createdAt, Instant startedAt,
                           Instant finishedAt, String error, Long candles, BacktestHeadline figures, Links links,
                           @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode summary) {

    /** Where the run and its report files are served. The files are null until the run is DONE. */
    public record Links(String self, String report, String trades, String equity) {
        static Links of(BacktestRun run) {
            String self = "/api/v1/backtests/" + run.id();
            boolean done = run.status() == BacktestStatus.DONE;
            return new Links(self, done ? self + "/report" : null, done ? self + "/trades.csv" : null,
                    done ? self + "/equity.csv" : null);
        }
    }

    static BacktestView of(BacktestRun run, BacktestProgress progress, JsonNode summary) {
        return new BacktestView(run.id(), run.status(), progress.phase(), progress.progress(), progress.candlesDone(),
                progress.candlesTotal(), run.request(), run.createdAt(), run.startedAt(), run.finishedAt(), run.error(),
                run.candles(), run.figures(), Links.of(run), summary);
    }
}
