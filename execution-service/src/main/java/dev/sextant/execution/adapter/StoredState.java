package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.execution.domain.Order;
import dev.sextant.execution.domain.Portfolio;
import dev.sextant.execution.domain.Position;
import dev.sextant.execution.domain.SettlementBook;
import java.util.List;

/**
 * What the database holds of the exchange's state, read at start-up (and when memory is rebuilt: the inputs not
 * stored yet are then applied to it again).
 *
 * @param writeSeq the number of batches written so far ({@link ExecutionStore#write})
 */
public record StoredState(
        Portfolio portfolio,
        List<Order> workingEntries,
        List<Position> openPositions,
        List<CandleClosed> recentCandles,
        List<ClientOrderId> orderIds,
        SettlementBook settlements,
        long writeSeq) {}
