// The live-status WebSocket (docs/websocket.md): one socket for the whole portal, opened with a single-use ticket
// (browsers cannot send headers on a WebSocket), resubscribed after a disconnect with each subscription's last seq
// so that nothing is missed.
import { api } from './api.js';

const RETRY_MS = [500, 1000, 2000, 5000, 10000];

class LiveStatus {
  constructor() {
    this.socket = null;
    this.subscriptions = new Map(); // key -> {frame, matches(frame), onEvent, onReload, lastSeq}
    this.stateListeners = new Set();
    this.state = 'idle';
    this.attempt = 0;
    this.retryTimer = null;
    this.stopped = true;
  }

  /** Calls back with 'connecting', 'live' or 'offline'. */
  onState(listener) {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  setState(state) {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  start() {
    this.stopped = false;
    if (!this.socket && !this.retryTimer) this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.subscriptions.clear();
    if (this.socket) this.socket.close(1000, 'signed out');
    this.socket = null;
    this.setState('idle');
  }

  async connect() {
    this.setState('connecting');
    let ticket;
    try {
      ticket = await api.post('/auth/ws-ticket');
    } catch (e) {
      this.retryLater();
      return;
    }
    if (this.stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + ticket.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.setState('live');
      for (const subscription of this.subscriptions.values()) this.send(subscription);
    });
    socket.addEventListener('message', event => this.receive(event.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.stopped) this.retryLater();
    });
  }

  retryLater() {
    this.setState('offline');
    const delay = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)];
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  send(subscription) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    const frame = { ...subscription.frame };
    if (subscription.lastSeq !== null) frame.since_seq = subscription.lastSeq;
    this.socket.send(JSON.stringify(frame));
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (frame.type === 'ack' && typeof frame.seq === 'number') {
      for (const subscription of this.subscriptions.values()) {
        if (subscription.key === keyOf(frame.request, frame) && subscription.lastSeq === null)
          subscription.lastSeq = frame.seq;
      }
      return;
    }
    if (frame.type === 'error' && frame.code === 'reload_required') {
      // The missed events are gone: the page reloads its state over HTTP and follows live events from now on.
      for (const subscription of this.subscriptions.values()) {
        if (subscription.key === keyOf(frame.request, frame)) {
          subscription.lastSeq = null;
          subscription.onReload();
          this.send(subscription);
        }
      }
      return;
    }
    if (frame.type !== 'job:status' && frame.type !== 'job:progress') return;
    for (const subscription of this.subscriptions.values()) {
      if (!subscription.matches(frame)) continue;
      if (subscription.lastSeq !== null && frame.seq <= subscription.lastSeq) continue;
      subscription.lastSeq = frame.seq;
      subscription.onEvent(frame);
    }
  }

  /**
   * Follows one topic until the returned function is called: {all: true}, {job_id} or {device_uuid}. onEvent gets
   * job:status and job:progress frames; onReload is called when events were lost for good.
   */
  follow(topic, onEvent, onReload = () => {}) {
    let frame;
    let matches;
    if (topic.job_id) {
      frame = { type: 'subscribe:job', job_id: topic.job_id };
      matches = f => f.job_id === topic.job_id;
    } else if (topic.device_uuid) {
      frame = { type: 'subscribe:jobs', device_uuid: topic.device_uuid };
      matches = f => f.type === 'job:status' && f.device_uuid === topic.device_uuid;
    } else {
      frame = { type: 'subscribe:all' };
      matches = () => true;
    }
    const key = keyOf(frame.type, frame);
    const subscription = { key, frame, matches, onEvent, onReload, lastSeq: null };
    this.subscriptions.set(key, subscription);
    this.send(subscription);
    return () => {
      if (this.subscriptions.get(key) !== subscription) return;
      this.subscriptions.delete(key);
      if (this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify({ ...frame, type: frame.type.replace('subscribe', 'unsubscribe') }));
      }
    };
  }
}

function keyOf(request, fields) {
  const topic = String(request || '').replace(/^(un)?subscribe:/, '');
  return topic + ':' + (fields.job_id || fields.device_uuid || '');
}

export const live = new LiveStatus();
