package dev.sextant.kit;

import dev.sextant.contracts.topic.Topics;

/**
 * SmallRye channel names. An incoming channel is named as its topic ({@code @Incoming(Topics.CANDLES)});
 * an outgoing one is the topic plus {@code -out}, because one application may both read and write a
 * topic. {@link TopicChannelsConfigSourceFactory} maps every channel to its (prefixed) topic.
 */
public final class Channels {
    public static final String OUT_SUFFIX = "-out";

    public static final String CANDLES_OUT = Topics.CANDLES + OUT_SUFFIX;
    public static final String MARKET_TRADES_OUT = Topics.MARKET_TRADES + OUT_SUFFIX;
    public static final String ORDERBOOK_OUT = Topics.ORDERBOOK + OUT_SUFFIX;
    public static final String FEATURES_OUT = Topics.FEATURES + OUT_SUFFIX;
    public static final String PREDICTIONS_OUT = Topics.PREDICTIONS + OUT_SUFFIX;
    public static final String SIGNALS_OUT = Topics.SIGNALS + OUT_SUFFIX;
    public static final String ORDERS_OUT = Topics.ORDERS + OUT_SUFFIX;
    public static final String FILLS_OUT = Topics.FILLS + OUT_SUFFIX;
    public static final String POSITIONS_OUT = Topics.POSITIONS + OUT_SUFFIX;
    public static final String SETTLEMENTS_OUT = Topics.SETTLEMENTS + OUT_SUFFIX;
    public static final String CONTROL_OUT = Topics.CONTROL + OUT_SUFFIX;

    private Channels() {}
}
