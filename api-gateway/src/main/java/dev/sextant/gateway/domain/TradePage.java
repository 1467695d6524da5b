package dev.sextant.gateway.domain;

import java.util.List;

/**
 * One page of trades, newest first.
 *
 * @param page  zero-based page number
 * @param size  page size asked for
 * @param total trades in all pages
 * @param items this page's trades
 */
public record TradePage(int page, int size, long total, List<TradeView> items) {}
