// The app's softphone: JsSIP registers to FreeSWITCH over SIP on WebSocket as the user's
// web device, with a short-lived credential the portal session issues (POST
// /app/credential); calls carry audio over WebRTC (DTLS-SRTP). One call at a time, plus
// one waiting: answering it puts the first on hold until the second ends.
"use strict";
(() => {
  const body = document.body;
  const $ = (id) => document.getElementById(id);
  const texts = JSON.parse($("texts").textContent);
  const REFRESH_BEFORE_EXPIRY_MS = 60 * 60 * 1000;
  const REGISTER_RETRIES = 3;
  let failures = 0;
  let ua = null;
  let credential = null;
  let current = null;   // the call on screen
  let waiting = null;   // a second incoming call while on one
  let held = null;      // the first call, on hold while the second is taken
  // An attended transfer in progress (through the server's call control, as the operator
  // console's): {callId, session (the consultation's, answered here), consultId}.
  let consult = null;

  // ---- the credential and the registration --------------------------------------
  async function fetchCredential() {
    const reply = await fetch(body.dataset.credentialUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRF-Token": body.dataset.csrf}});
    if (!reply.ok) throw new Error(`credential: HTTP ${reply.status}`);
    return reply.json();
  }

  function setSip(state) {
    body.dataset.sip = state;
    $("sip-state").textContent = texts[state] || state;
  }

  async function start() {
    if (typeof JsSIP === "undefined") { setSip("failed"); return; }
    try {
      credential = await fetchCredential();
    } catch (error) {
      setSip("failed");
      return;
    }
    const socket = new JsSIP.WebSocketInterface(credential.ws_url);
    ua = new JsSIP.UA({
      sockets: [socket], uri: `sip:${credential.username}@${credential.domain}`,
      authorization_user: credential.username, password: credential.password,
      display_name: credential.display_name, register: true, register_expires: 300,
      session_timers: false, user_agent: "Vaxel app"});
    ua.on("connecting", () => setSip("connecting"));
    ua.on("registered", () => { failures = 0; setSip("registered"); });
    ua.on("unregistered", () => setSip("unregistered"));
    // A credential issued a moment ago may meet a directory answer cached just before
    // (xml_curl forgets it when PostgreSQL's notification arrives): try again shortly.
    ua.on("registrationFailed", () => {
      setSip("failed");
      failures += 1;
      if (failures <= REGISTER_RETRIES) setTimeout(() => ua.register(), 1000 * failures);
    });
    ua.on("newRTCSession", (event) => {
      if (event.originator === "remote") incoming(event.session);
      else outgoing(event.session);
    });
    ua.start();
    scheduleRotation();
  }

  // The credential expires: take a new one before it does (the old one stops working).
  function scheduleRotation() {
    const due = Date.parse(credential.expires_at) - Date.now() - REFRESH_BEFORE_EXPIRY_MS;
    setTimeout(async () => {
      try {
        credential = await fetchCredential();
        ua.set("password", credential.password);
        ua.register();
      } finally {
        scheduleRotation();
      }
    }, Math.max(60 * 1000, due));
  }

  // ---- calls ----------------------------------------------------------------------
  const callOptions = () => ({
    mediaConstraints: {audio: true, video: false},
    // STUN/TURN from the credential: the TURN password expires with the SIP one.
    pcConfig: {iceServers: credential.ice_servers || [],
               iceTransportPolicy: credential.ice_policy || "all"},
    rtcOfferConstraints: {offerToReceiveAudio: true, offerToReceiveVideo: false}});

  function call(target) {
    const dialled = String(target || "").replace(/[\s-]/g, "");
    if (!ua || current || !dialled) return;
    ua.call(`sip:${dialled}@${credential.domain}`, callOptions());
  }

  function peerName(session) {
    const who = session.remote_identity;
    return who.display_name ? `${who.display_name} (${who.uri.user})` : who.uri.user;
  }

  function setCall(state) {
    body.dataset.call = state;
    $("call-state").textContent = texts[state] || state;
  }

  // Every call's events, once; what they change depends on which call it is now.
  function watch(session) {
    session.on("progress", () => {
      if (session === current && session.direction === "outgoing") setCall("ringing");
    });
    session.on("confirmed", () => {
      if (session !== current) return;
      stopRinging();
      display(session);
      playRemoteAudio(session);
      setCall("active");
    });
    session.on("hold", () => { if (session === current) setCall("held"); });
    session.on("unhold", () => { if (session === current) setCall("active"); });
    session.on("ended", () => ended(session));
    session.on("failed", () => ended(session));
  }

  function display(session) {
    $("call-peer").textContent = peerName(session);
    $("incoming").hidden = true;
    $("in-call").hidden = false;
  }

  function outgoing(session) {
    watch(session);
    current = session;
    display(session);
    setCall("calling");
  }

  function incoming(session) {
    if (consult && !consult.session && current && isConsultation(session)) {
      takeConsultation(session);
      return;
    }
    if (current && waiting) { session.terminate({status_code: 486}); return; }
    watch(session);
    if (current) {
      waiting = session;
      offer(session, texts.waiting);
      return;
    }
    current = session;
    setCall("incoming");
    offer(session, texts.incoming);
    startRinging();
  }

  function offer(session, title) {
    $("incoming-from").textContent = peerName(session);
    $("incoming").hidden = false;
    notify(title, peerName(session));
  }

  function ended(session) {
    if (consult && session === consult.session) {  // completed or cancelled
      consult = null;
      showConsultation();
      if (held && current === session) {  // cancelled: the switch gives the caller back
        current = held;
        held = null;
        display(current);
        playRemoteAudio(current);
        setCall("active");
        return;
      }
    }
    if (session === held) { held = null; return; }
    if (session === waiting) {
      waiting = null;
      $("incoming").hidden = !(current && !current.isEstablished());
      return;
    }
    if (session !== current) return;
    stopRinging();
    current = null;
    $("incoming").hidden = true;
    $("in-call").hidden = true;
    $("remote-audio").srcObject = null;
    setCall("idle");
    window.dispatchEvent(new Event("vaxel:call-ended"));  // my calls list refreshes
    if (held) {  // back to the call put on hold for the second one: Resume takes it up
      current = held;
      held = null;
      display(current);
      setCall("held");
    } else if (waiting) {  // the first call ended while another waited: it rings now
      current = waiting;
      waiting = null;
      setCall("incoming");
      offer(current, texts.incoming);
      startRinging();
    }
  }

  function answer() {
    if (waiting) {  // the second call: hold the first, take this one
      held = current;
      if (held.isEstablished()) held.hold();
      current = waiting;
      waiting = null;
    }
    if (current && current.direction === "incoming" && !current.isEstablished()) {
      stopRinging();
      current.answer(callOptions());
    }
  }

  function decline() {
    const session = waiting || current;
    if (session && !session.isEstablished()) session.terminate({status_code: 603});
  }

  function hangUp() {
    if (current) current.terminate();
  }

  function playRemoteAudio(session) {
    const pc = session.connection;
    const tracks = pc.getReceivers().map((receiver) => receiver.track).filter(Boolean);
    $("remote-audio").srcObject = new MediaStream(tracks);
  }

  function toggleMute() {
    if (!current) return;
    const muted = current.isMuted().audio;
    if (muted) current.unmute({audio: true}); else current.mute({audio: true});
    $("mute").setAttribute("aria-pressed", String(!muted));
    $("mute").textContent = muted ? texts.mute : texts.unmute;
  }

  function toggleHold() {
    if (!current || !current.isEstablished()) return;
    const held = current.isOnHold().local;
    if (held) current.unhold(); else current.hold();
    $("hold").setAttribute("aria-pressed", String(!held));
    $("hold").textContent = held ? texts.hold : texts.resume;
  }

  function sendKey(key) {
    if (current && current.isEstablished()) current.sendDTMF(key, {transportType: "RFC2833"});
  }

  function transfer(target) {
    const to = String(target || "").replace(/[\s-]/g, "");
    if (current && current.isEstablished() && to) {
      current.refer(`sip:${to}@${credential.domain}`);
    }
  }

  // ---- attended transfer (server-side: vaxel.callcontrol.console) --------------------
  const postForm = (url, fields) => fetch(url, {
    method: "POST", credentials: "same-origin", headers: {"X-CSRF-Token": body.dataset.csrf},
    body: new URLSearchParams(fields)});

  function callError(text) {
    $("call-error").textContent = text || "";
    $("call-error").hidden = !text;
  }

  // The switch's call back to this device for the consultation (a click-to-call).
  function isConsultation(session) {
    return session.remote_identity.display_name === "Click-to-call";
  }

  function takeConsultation(session) {
    watch(session);
    consult.session = session;
    held = current;  // the switch holds it (uuid_hold); the app does not re-INVITE it
    current = session;
    session.on("confirmed", () => { if (consult) setConsult("ringing"); });
    session.answer(callOptions());
  }

  function setConsult(state) {
    body.dataset.consult = state;
    $("consult-state").textContent = texts[`consult_${state}`] || "";
    showConsultation();
  }

  function showConsultation() {
    if (!consult) body.dataset.consult = "";
    $("consulting").hidden = !consult;
    const ready = Boolean(consult && consult.consultId);
    $("consult-complete").disabled = !ready;
    $("consult-cancel").disabled = !ready;
  }

  async function startConsultation(target) {
    const to = String(target || "").replace(/[\s-]/g, "");
    if (!current || !current.isEstablished() || !to || consult) return;
    callError("");
    const mine = await (await fetch(body.dataset.liveCallsUrl, {credentials: "same-origin"})).json();
    if (!mine.length) { callError(texts.consult_no_call); return; }
    consult = {callId: mine[0].id, session: null, consultId: null};  // the oldest: this call
    $("consult-peer").textContent = to;
    setConsult("ringing");
    const base = body.dataset.liveCallsUrl.replace(/live\.json$/, "");
    const reply = await postForm(`${base}${encodeURIComponent(consult.callId)}/consult`,
                                 {destination: to});
    if (reply.status !== 202) { consultFailed(); return; }
    const command = await followCommand((await reply.json()).url);
    if (!consult) return;
    if (command.status !== "done" || !command.result.consult_call_id) { consultFailed(); return; }
    consult.consultId = command.result.consult_call_id;
    setConsult("connected");
  }

  // The controller answers once the consultation is placed (this device has answered).
  async function followCommand(url) {
    for (;;) {
      const command = await (await fetch(url, {credentials: "same-origin"})).json();
      if (command.status === "done" || command.status === "failed") return command;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  function consultFailed() {
    if (consult && consult.session) consult.session.terminate();
    consult = null;
    showConsultation();
    callError(texts.consult_failed);
  }

  async function endConsultation(action) {
    if (!consult || !consult.consultId) return;
    $("consult-complete").disabled = true;
    $("consult-cancel").disabled = true;
    const base = body.dataset.liveCallsUrl.replace(/live\.json$/, "");
    const reply = await postForm(`${base}${encodeURIComponent(consult.callId)}/${action}`,
                                 {consult_call_id: consult.consultId});
    if (reply.status !== 202) { callError(texts.consult_failed); showConsultation(); }
  }

  // ---- ringing and notifications ----------------------------------------------------
  let ringer = null;
  function startRinging() {
    try {
      const audio = new AudioContext();
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 425;  // the Nordic ringing tone: 1 s on, 4 s off
      gain.gain.value = 0;
      tone.connect(gain).connect(audio.destination);
      tone.start();
      const beat = () => {
        gain.gain.setValueAtTime(0.2, audio.currentTime);
        gain.gain.setValueAtTime(0, audio.currentTime + 1);
      };
      beat();
      ringer = {audio, timer: setInterval(beat, 5000)};
    } catch (error) {
      ringer = null;  // no audio output allowed yet: the notification and screen remain
    }
  }

  function stopRinging() {
    if (!ringer) return;
    clearInterval(ringer.timer);
    ringer.audio.close();
    ringer = null;
  }

  function notify(title, from) {
    if (!document.hidden || !("Notification" in window)) return;
    if (Notification.permission !== "granted") return;
    const note = new Notification(title, {body: from, tag: "vaxel-call", requireInteraction: true});
    note.onclick = () => { window.focus(); note.close(); };
  }

  function offerNotifications() {
    const button = $("notifications");
    if (!("Notification" in window) || Notification.permission !== "default") return;
    button.hidden = false;
    button.addEventListener("click", () => {
      Notification.requestPermission().then(() => { button.hidden = true; });
    });
  }

  // What the WebRTC statistics say about the call's audio (the browser tests read it).
  async function mediaStats() {
    const pc = current && current.connection;
    if (!pc) return null;
    let received = 0;
    let sent = 0;
    const stats = await pc.getStats();
    let pair = null;
    stats.forEach((s) => {
      if (s.type === "inbound-rtp" && s.kind === "audio") received += s.bytesReceived;
      if (s.type === "outbound-rtp" && s.kind === "audio") sent += s.bytesSent;
      if (s.type === "transport" && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
    });
    // How the media goes: "host" straight to the switch, "relay" through TURN.
    const local = pair && stats.get(pair.localCandidateId);
    return {received, sent, route: local ? local.candidateType : null};
  }

  // ---- wiring -------------------------------------------------------------------------
  $("dial").addEventListener("submit", (e) => { e.preventDefault(); call($("target").value); });
  $("answer").addEventListener("click", answer);
  $("decline").addEventListener("click", decline);
  $("hangup").addEventListener("click", hangUp);
  $("mute").addEventListener("click", toggleMute);
  $("hold").addEventListener("click", toggleHold);
  $("keypad").addEventListener("click", (e) => {
    if (e.target.dataset.key) sendKey(e.target.dataset.key);
  });
  $("transfer").addEventListener("submit", (e) => {
    e.preventDefault();
    transfer($("transfer-target").value);
  });
  $("consult").addEventListener("click", () => startConsultation($("transfer-target").value));
  $("consult-complete").addEventListener("click", () => endConsultation("complete"));
  $("consult-cancel").addEventListener("click", () => endConsultation("cancel"));
  window.vaxelPhone = {call, mediaStats};
  offerNotifications();
  start();
})();

// The installable app: its service worker keeps the shell for opening without a network.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(document.body.dataset.workerUrl, {scope: "/app/"})
    .catch(() => undefined);
}
