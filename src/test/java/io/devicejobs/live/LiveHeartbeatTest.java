package io.devicejobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Idle sockets are pinged; one that never answers is closed, one that answers stays. */
class LiveHeartbeatTest extends LiveServerTest {

  @Override
  protected Map<String, String> settings() {
    return Map.of("WS_PING_INTERVAL_SECONDS", "1");
  }

  @Test
  void aSocketThatNeverAnswersPingsIsClosedAndALiveOneStays() throws IOException {
    try (LiveClient alive = clients.open(server.port(), TestServer.ADMIN_KEY);
        Socket dead = new Socket("127.0.0.1", server.port())) {
      dead.setSoTimeout(30_000);
      dead.getOutputStream()
          .write(
              ("GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                      + "Authorization: Bearer "
                      + TestServer.ADMIN_KEY
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = dead.getInputStream();
      assertTrue(headers(in).startsWith("HTTP/1.1 101"));

      // It reads but never answers: first a ping, then the
      // close (small unmasked frames: opcode, length, payload).
      List<int[]> frames = new ArrayList<>();
      int opcode = 0;
      while (opcode != 0x8) {
        opcode = in.read() & 0x0f;
        byte[] payload = in.readNBytes(in.read());
        frames.add(
            new int[] {
              opcode, payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1
            });
      }
      assertEquals(0x9, frames.get(0)[0], "a ping first");
      int[] close = frames.get(frames.size() - 1);
      assertEquals(0x8, close[0], "then a close frame");
      assertEquals(4001, close[1]);

      // Two silent intervals went by: the client that answers pings by itself is still served.
      alive.assertAlive();
    }
  }

  private static String headers(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
