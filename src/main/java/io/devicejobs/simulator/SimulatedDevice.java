package io.devicejobs.simulator;

import java.util.UUID;

/**
 * A device the simulator plays.
 *
 * @param token its device token, sent as {@code Authorization: Bearer}; null when unknown (a device reused from
 *     an earlier run: the server shows a token only when it creates it)
 */
record SimulatedDevice(String name, UUID uuid, String token) {}
