package dev.sextant.gateway.domain;

/**
 * A finished run's figures beside its baselines on the same candles and costs.
 *
 * @param strategy   the strategy run
 * @param buyAndHold buy at the first open, hold to the end (equal split between the symbols)
 * @param alwaysLong the kernel entering long whenever flat, with the strategy's sizing, stops and costs
 */
public record BacktestHeadline(BacktestFigures strategy, BacktestFigures buyAndHold, BacktestFigures alwaysLong) {}
