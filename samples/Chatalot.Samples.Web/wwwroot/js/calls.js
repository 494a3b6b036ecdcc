// The web app's call media (docs/protocol/calls.md): a WebRTC full mesh, one RTCPeerConnection per remote participant,
// keyed by their join id. This module only moves media; who is in the call, and the end-to-end encrypted signalling,
// stay in .NET (client.Voice): signals go out through the .NET callback SendSignal and come in through signal().
// Nothing here logs an SDP or an ICE candidate.
//
// Every connection carries four transceivers in a fixed order, negotiated once by the offer that opens it: the mic,
// the camera, the screen and the screen's audio. Turning the camera or a screen share on or off is a replaceTrack on
// its transceiver, with no renegotiation; renegotiation only happens for an ICE restart (perfect negotiation,
// https://w3c.github.io/webrtc-pc/#perfect-negotiation-example).

const Slot = { mic: 0, camera: 1, screen: 2, screenAudio: 3 };
const SlotKinds = ['audio', 'video', 'video', 'audio'];
const CandidateBatchMs = 50;
const CandidatesPerSignal = 64;            // ChatalotLimits.CallCandidatesMax
const StatsEveryMs = 2000;
const SpeakingOnMs = 300;
const SpeakingOffMs = 800;
const SpeakingReportGapMs = 500;           // at most 2 speaking reports a second (the gateway allows 10 frames/s)
const SpeakingLevel = 0.02;                // RMS of the mic's samples, about -34 dBFS
const OfferResendMs = 4000;
const OfferResends = 5;

let dotnet = null;
let selfJoinId = null;
let rtcConfig = null;
const peers = new Map();                   // join id -> Peer
const settings = {
    audioInput: '', videoInput: '', audioOutput: '',
    noiseSuppression: true, echoCancellation: true, autoGainControl: true,
    pushToTalk: false, pushToTalkKey: '',
};
const local = { mic: null, camera: null, screen: null, screenAudio: null };
let muted = false;
let deafened = false;
let pushToTalkHeld = false;
let statsTimer = null;
let audioHost = null;

// ---- .NET callbacks ----

function invoke(method, ...args) {
    if (!dotnet) return;
    dotnet.invokeMethodAsync(method, ...args).catch(() => { /* the app is shutting down */ });
}

/** Sets the .NET object (CallInterop) that receives SendSignal, OnSpeaking, OnQuality, OnScreenShareEnded, OnDevicesChanged. */
export function init(handler) {
    dotnet = handler;
    if (!navigator.mediaDevices || window.chatalotCallsInitialized) return;
    window.chatalotCallsInitialized = true;
    navigator.mediaDevices.addEventListener('devicechange', () => invoke('OnDevicesChanged'));
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('keyup', onKeyUp, true);
    window.addEventListener('blur', () => setPushToTalkHeld(false));
}

// ---- Starting and stopping ----

/**
 * Starts the local media of a call: the mic (and the camera when `video`), with the ICE servers from
 * GET /voice/ice-servers (`iceServersJson`, RTCIceServer-shaped) and `relay` for iceTransportPolicy "relay".
 * Returns '' or why the mic could not be opened (the call goes on without it).
 */
export async function start(joinId, iceServersJson, relay, startMuted, startDeafened, video) {
    stopPeers();
    selfJoinId = joinId;
    rtcConfig = { iceServers: JSON.parse(iceServersJson || '[]'), iceTransportPolicy: relay ? 'relay' : 'all' };
    muted = startMuted;
    deafened = startDeafened;
    let error = '';
    if (!local.mic || local.mic.readyState === 'ended') {
        try {
            local.mic = await openMic();
        } catch (e) {
            error = e && e.name ? e.name : 'mic';
        }
    }
    applyMicEnabled();
    startSpeakingDetector();
    if (video && !local.camera) {
        try { local.camera = await openCamera(); } catch (e) { error = error || (e && e.name) || 'camera'; }
    }
    if (!statsTimer) statsTimer = setInterval(collectQuality, StatsEveryMs);
    return error;
}

/** A new join of this device (a rejoin after a network drop): drops every connection; .NET then connects anew. */
export function rejoin(joinId) {
    stopPeers();
    selfJoinId = joinId;
}

/** Leaves the call: every connection and every local track ends. */
export function stop() {
    stopPeers();
    selfJoinId = null;
    for (const key of Object.keys(local)) {
        if (local[key]) local[key].stop();
        local[key] = null;
    }
    stopSpeakingDetector();
    if (statsTimer) clearInterval(statsTimer);
    statsTimer = null;
    pushToTalkHeld = false;
}

function stopPeers() {
    for (const peer of peers.values()) closePeer(peer);
    peers.clear();
}

// ---- Peers ----

function polite(remoteJoinId) {
    // calls.md §3: the participant whose join id sorts lower (ordinal, lower-case "D" format) is polite.
    return selfJoinId.toLowerCase() < remoteJoinId.toLowerCase();
}

function createPeer(joinId) {
    const pc = new RTCPeerConnection(rtcConfig);
    const peer = {
        joinId, pc, polite: polite(joinId), makingOffer: false, ignoreOffer: false, attached: false,
        queue: Promise.resolve(), pendingCandidates: [], outgoing: [], flushTimer: null, offerTimer: null,
        camera: new MediaStream(), screen: new MediaStream(), audio: [], quality: '', last: null,
    };
    pc.onnegotiationneeded = async () => {
        try {
            peer.makingOffer = true;
            await pc.setLocalDescription();
            invoke('SendSignal', joinId, 'offer', pc.localDescription.sdp, null);
            scheduleOfferResend(peer, OfferResends);
        } catch (e) {
            // A collision rolled it back; the other side's offer wins.
        } finally {
            peer.makingOffer = false;
        }
    };
    pc.onicecandidate = e => queueCandidate(peer, e.candidate);
    pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') flushCandidates(peer); };
    pc.oniceconnectionstatechange = () => {
        if (pc.iceConnectionState === 'failed') pc.restartIce();
        reportQuality(peer, qualityOfState(pc.iceConnectionState) || peer.quality || 'connecting');
    };
    pc.ontrack = () => buildRemoteStreams(peer);
    peers.set(joinId, peer);
    return peer;
}

// Signals are ephemeral (calls.md §3): an offer that reached a peer before it knew of this join is dropped there, so an
// unanswered offer is sent again a few times.
function scheduleOfferResend(peer, left) {
    if (peer.offerTimer) clearTimeout(peer.offerTimer);
    peer.offerTimer = setTimeout(() => {
        peer.offerTimer = null;
        const pc = peer.pc;
        if (left <= 0 || pc.signalingState !== 'have-local-offer' || !pc.localDescription) return;
        invoke('SendSignal', peer.joinId, 'offer', pc.localDescription.sdp, null);
        scheduleOfferResend(peer, left - 1);
    }, OfferResendMs);
}

/** Connects to a participant; `offer` for the newcomer, who offers to everyone already there (calls.md §3). */
export function connect(joinId, offer) {
    if (!selfJoinId || joinId === selfJoinId || peers.has(joinId)) return;
    const peer = createPeer(joinId);
    if (offer) attachLocal(peer, true);
}

/** A participant left, or hung up on this connection. */
export function disconnect(joinId) {
    const peer = peers.get(joinId);
    if (!peer) return;
    peers.delete(joinId);
    closePeer(peer);
}

function closePeer(peer) {
    if (peer.flushTimer) clearTimeout(peer.flushTimer);
    if (peer.offerTimer) clearTimeout(peer.offerTimer);
    peer.pc.close();
    for (const element of peer.audio) element.remove();
    peer.audio = [];
}

// The offerer adds the four transceivers; the answerer takes those the offer created, in m-line order, and makes them
// send too.
function attachLocal(peer, offerer) {
    const tracks = [micTrack(), cameraTrack(), screenTrack(), screenAudioTrack()];
    if (offerer) {
        for (let i = 0; i < SlotKinds.length; i++) {
            peer.pc.addTransceiver(tracks[i] || SlotKinds[i], { direction: 'sendrecv', streams: [] });
        }
    } else {
        const transceivers = peer.pc.getTransceivers();
        for (let i = 0; i < Math.min(SlotKinds.length, transceivers.length); i++) {
            transceivers[i].direction = 'sendrecv';
            if (tracks[i]) transceivers[i].sender.replaceTrack(tracks[i]).catch(() => { });
        }
    }
    peer.attached = true;
    buildRemoteStreams(peer);
}

function buildRemoteStreams(peer) {
    const transceivers = peer.pc.getTransceivers();
    const track = slot => transceivers[slot] ? transceivers[slot].receiver.track : null;
    const camera = track(Slot.camera), screen = track(Slot.screen);
    if (camera && !peer.camera.getTracks().includes(camera)) peer.camera = new MediaStream([camera]);
    if (screen && !peer.screen.getTracks().includes(screen)) peer.screen = new MediaStream([screen]);
    if (peer.audio.length === 0) {
        for (const slot of [Slot.mic, Slot.screenAudio]) {
            const audioTrack = track(slot);
            if (!audioTrack) continue;
            const element = document.createElement('audio');
            element.autoplay = true;
            element.dataset.callAudio = peer.joinId;
            element.srcObject = new MediaStream([audioTrack]);
            element.muted = deafened;
            if (settings.audioOutput && element.setSinkId) element.setSinkId(settings.audioOutput).catch(() => { });
            audioContainer().appendChild(element);
            peer.audio.push(element);
        }
    }
    bindMedia();
}

function audioContainer() {
    if (!audioHost || !audioHost.isConnected) {
        audioHost = document.createElement('div');
        audioHost.hidden = true;
        audioHost.dataset.callAudioHost = '';
        document.body.appendChild(audioHost);
    }
    return audioHost;
}

// ---- Signals in and out ----

/**
 * A signal from a participant (already decrypted and checked by the SDK): `type` offer, answer, candidates or hangup,
 * `candidates` flat as [candidate, sdpMid, sdpMLineIndex, usernameFragment, ...].
 */
export function signal(fromJoinId, type, sdp, candidates) {
    if (!selfJoinId || fromJoinId === selfJoinId) return;
    if (type === 'hangup') { disconnect(fromJoinId); return; }
    const peer = peers.get(fromJoinId) || createPeer(fromJoinId);
    // One at a time per peer: an answer must not overtake the offer it follows, nor candidates their description.
    peer.queue = peer.queue.then(() => handleSignal(peer, type, sdp, candidates)).catch(() => { });
}

async function handleSignal(peer, type, sdp, candidates) {
    const pc = peer.pc;
    if (pc.signalingState === 'closed') return;
    if (type === 'offer' || type === 'answer') {
        const offerCollision = type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable');
        peer.ignoreOffer = !peer.polite && offerCollision;
        if (peer.ignoreOffer) return;
        await pc.setRemoteDescription({ type, sdp });
        if (type === 'offer') {
            if (!peer.attached) attachLocal(peer, false);
            await pc.setLocalDescription();
            invoke('SendSignal', peer.joinId, 'answer', pc.localDescription.sdp, null);
        }
        const pending = peer.pendingCandidates;
        peer.pendingCandidates = [];
        for (const candidate of pending) await addCandidate(peer, candidate);
    } else if (type === 'candidates' && candidates) {
        for (let i = 0; i + 3 < candidates.length; i += 4) {
            const candidate = {
                candidate: candidates[i],
                sdpMid: candidates[i + 1] || null,
                sdpMLineIndex: candidates[i + 2] === '' ? null : Number(candidates[i + 2]),
                usernameFragment: candidates[i + 3] || null,
            };
            if (!pc.remoteDescription) peer.pendingCandidates.push(candidate);
            else await addCandidate(peer, candidate);
        }
    }
}

async function addCandidate(peer, candidate) {
    try {
        await peer.pc.addIceCandidate(candidate);
    } catch (e) {
        // A candidate of an ignored offer, or of an ICE generation already replaced: harmless.
    }
}

function queueCandidate(peer, candidate) {
    if (candidate && candidate.candidate) {
        peer.outgoing.push(candidate);
        if (peer.outgoing.length >= CandidatesPerSignal) { flushCandidates(peer); return; }
        if (!peer.flushTimer) peer.flushTimer = setTimeout(() => flushCandidates(peer), CandidateBatchMs);
    } else {
        flushCandidates(peer);    // gathering ended
    }
}

function flushCandidates(peer) {
    if (peer.flushTimer) clearTimeout(peer.flushTimer);
    peer.flushTimer = null;
    while (peer.outgoing.length > 0) {
        const batch = peer.outgoing.splice(0, CandidatesPerSignal);
        const flat = [];
        for (const c of batch) {
            flat.push(c.candidate, c.sdpMid || '', c.sdpMLineIndex === null || c.sdpMLineIndex === undefined ? '' : String(c.sdpMLineIndex), c.usernameFragment || '');
        }
        invoke('SendSignal', peer.joinId, 'candidates', null, flat);
    }
}

// ---- Local media ----

function micConstraints() {
    const audio = {
        noiseSuppression: settings.noiseSuppression,
        echoCancellation: settings.echoCancellation,
        autoGainControl: settings.autoGainControl,
    };
    if (settings.audioInput) audio.deviceId = { exact: settings.audioInput };
    return audio;
}

async function openMic() {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: micConstraints() });
    return stream.getAudioTracks()[0];
}

async function openCamera() {
    const video = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } };
    if (settings.videoInput) video.deviceId = { exact: settings.videoInput };
    const stream = await navigator.mediaDevices.getUserMedia({ video });
    return stream.getVideoTracks()[0];
}

const micTrack = () => local.mic;
const cameraTrack = () => local.camera;
const screenTrack = () => local.screen;
const screenAudioTrack = () => local.screenAudio;

function replaceEverywhere(slot, track) {
    for (const peer of peers.values()) {
        const transceiver = peer.pc.getTransceivers()[slot];
        if (transceiver && peer.attached) transceiver.sender.replaceTrack(track).catch(() => { });
    }
    bindMedia();
}

function applyMicEnabled() {
    if (local.mic) local.mic.enabled = !muted && !deafened && (!settings.pushToTalk || pushToTalkHeld);
}

export function setMuted(value) {
    muted = value;
    applyMicEnabled();
}

/** Deafened: no remote audio plays, and the mic is off too. */
export function setDeafened(value) {
    deafened = value;
    for (const peer of peers.values()) for (const element of peer.audio) element.muted = value;
    applyMicEnabled();
}

/** Turns the camera on or off; returns false when it could not be opened. */
export async function setCamera(on) {
    if (on && !local.camera) {
        try { local.camera = await openCamera(); } catch (e) { return false; }
    } else if (!on && local.camera) {
        local.camera.stop();
        local.camera = null;
    }
    replaceEverywhere(Slot.camera, local.camera);
    return true;
}

/** Starts sharing a screen (with its audio where the browser offers it); false when the user cancelled. */
export async function startScreenShare() {
    if (local.screen) return true;
    let stream;
    try {
        stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
    } catch (e) {
        return false;
    }
    local.screen = stream.getVideoTracks()[0] || null;
    local.screenAudio = stream.getAudioTracks()[0] || null;
    if (!local.screen) return false;
    // The browser's own "Stop sharing" ends the track.
    local.screen.addEventListener('ended', () => { if (stopScreenShareTracks()) invoke('OnScreenShareEnded'); });
    replaceEverywhere(Slot.screen, local.screen);
    replaceEverywhere(Slot.screenAudio, local.screenAudio);
    return true;
}

export function stopScreenShare() {
    stopScreenShareTracks();
}

function stopScreenShareTracks() {
    if (!local.screen) return false;
    local.screen.stop();
    if (local.screenAudio) local.screenAudio.stop();
    local.screen = null;
    local.screenAudio = null;
    replaceEverywhere(Slot.screen, null);
    replaceEverywhere(Slot.screenAudio, null);
    return true;
}

/** The three voice processing toggles: applied to the live track where the browser can, else by reopening the mic. */
export async function setProcessing(noiseSuppression, echoCancellation, autoGainControl) {
    settings.noiseSuppression = noiseSuppression;
    settings.echoCancellation = echoCancellation;
    settings.autoGainControl = autoGainControl;
    if (!local.mic) return;
    try {
        await local.mic.applyConstraints(micConstraints());
        const now = local.mic.getSettings();
        if (now.noiseSuppression === noiseSuppression && now.echoCancellation === echoCancellation && now.autoGainControl === autoGainControl) return;
    } catch (e) {
        // Not changeable on a live track here: reopen below.
    }
    await reopenMic();
}

export async function setInputDevice(deviceId) {
    settings.audioInput = deviceId || '';
    if (local.mic) await reopenMic();
}

export async function setCameraDevice(deviceId) {
    settings.videoInput = deviceId || '';
    if (local.camera) {
        const next = await openCamera().catch(() => null);
        if (!next) return;
        local.camera.stop();
        local.camera = next;
        replaceEverywhere(Slot.camera, next);
    }
}

export async function setOutputDevice(deviceId) {
    settings.audioOutput = deviceId || '';
    for (const peer of peers.values()) {
        for (const element of peer.audio) if (element.setSinkId) await element.setSinkId(settings.audioOutput).catch(() => { });
    }
}

/** Whether this browser can pick the speaker (HTMLMediaElement.setSinkId). */
export function canPickOutput() {
    return 'setSinkId' in HTMLMediaElement.prototype;
}

async function reopenMic() {
    let next;
    try { next = await openMic(); } catch (e) { return; }
    if (local.mic) local.mic.stop();
    local.mic = next;
    applyMicEnabled();
    replaceEverywhere(Slot.mic, next);
    startSpeakingDetector();
}

/** The devices for the pickers, flat as [kind, deviceId, label, ...] (labels are empty before permission is granted). */
export async function listDevices() {
    if (!navigator.mediaDevices) return [];
    const devices = await navigator.mediaDevices.enumerateDevices();
    const flat = [];
    for (const d of devices) flat.push(d.kind, d.deviceId, d.label || '');
    return flat;
}

// ---- Push-to-talk ----

/**
 * Push-to-talk: the mic sends only while `key` (a KeyboardEvent.code, such as "Space" or "F8") is held. While the
 * focus is in a text field, a key that types a character is left to the field; keys that type nothing (F-keys,
 * modifiers) work everywhere.
 */
export function setPushToTalk(enabled, key) {
    settings.pushToTalk = enabled;
    settings.pushToTalkKey = key || '';
    pushToTalkHeld = false;
    applyMicEnabled();
}

let keyCapture = null;

/** Resolves with the code of the next key pressed (for choosing the push-to-talk key); Escape cancels with ''. */
export function captureKey() {
    return new Promise(resolve => { keyCapture = resolve; });
}

function typing(e) {
    const target = e.target;
    const editable = target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
    return editable && e.key && e.key.length === 1;
}

function onKeyDown(e) {
    if (keyCapture) {
        const resolve = keyCapture;
        keyCapture = null;
        e.preventDefault();
        e.stopPropagation();
        resolve(e.code === 'Escape' ? '' : e.code);
        return;
    }
    if (!settings.pushToTalk || e.code !== settings.pushToTalkKey || typing(e)) return;
    if (e.key === ' ') e.preventDefault();    // Space would scroll or press the focused button
    setPushToTalkHeld(true);
}

function onKeyUp(e) {
    if (settings.pushToTalk && e.code === settings.pushToTalkKey) setPushToTalkHeld(false);
}

function setPushToTalkHeld(held) {
    if (pushToTalkHeld === held) return;
    pushToTalkHeld = held;
    applyMicEnabled();
    invoke('OnPushToTalk', held);
}

// ---- Speaking detection: the local mic's level, with hysteresis, reported at most twice a second ----

const speaking = { context: null, analyser: null, source: null, timer: null, on: false, loudSince: 0, quietSince: 0, reported: false, lastReport: 0, reportTimer: null };

function startSpeakingDetector() {
    stopSpeakingDetector();
    if (!local.mic) return;
    try {
        speaking.context = speaking.context || new AudioContext();
        speaking.context.resume().catch(() => { });
        speaking.analyser = speaking.context.createAnalyser();
        speaking.analyser.fftSize = 1024;
        // The analyser hears the track as it is sent: muted (enabled = false) is silence.
        speaking.source = speaking.context.createMediaStreamSource(new MediaStream([local.mic]));
        speaking.source.connect(speaking.analyser);
    } catch (e) {
        return;
    }
    const samples = new Float32Array(speaking.analyser.fftSize);
    speaking.timer = setInterval(() => {
        speaking.analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const s of samples) sum += s * s;
        const loud = Math.sqrt(sum / samples.length) > SpeakingLevel;
        const now = performance.now();
        if (loud) {
            speaking.quietSince = 0;
            if (!speaking.loudSince) speaking.loudSince = now;
            if (!speaking.on && now - speaking.loudSince >= SpeakingOnMs) setSpeaking(true);
        } else {
            speaking.loudSince = 0;
            if (!speaking.quietSince) speaking.quietSince = now;
            if (speaking.on && now - speaking.quietSince >= SpeakingOffMs) setSpeaking(false);
        }
    }, 50);
}

function stopSpeakingDetector() {
    if (speaking.timer) clearInterval(speaking.timer);
    speaking.timer = null;
    if (speaking.source) speaking.source.disconnect();
    speaking.source = null;
    speaking.analyser = null;
    speaking.loudSince = 0;
    speaking.quietSince = 0;
    if (speaking.on) setSpeaking(false);
}

function setSpeaking(on) {
    speaking.on = on;
    scheduleSpeakingReport();
}

function scheduleSpeakingReport() {
    if (speaking.reportTimer) return;
    const wait = Math.max(0, speaking.lastReport + SpeakingReportGapMs - performance.now());
    speaking.reportTimer = setTimeout(() => {
        speaking.reportTimer = null;
        if (speaking.reported === speaking.on) return;
        speaking.reported = speaking.on;
        speaking.lastReport = performance.now();
        invoke('OnSpeaking', speaking.on);
    }, wait);
}

// ---- Showing video ----

/**
 * Points every <video data-call-media="JOINID:camera|screen"> (or "self:camera|screen", the local preview) at its
 * stream. The call view calls this after each render.
 */
export function bindMedia() {
    for (const video of document.querySelectorAll('video[data-call-media]')) {
        const [joinId, kind] = video.dataset.callMedia.split(':');
        let stream = null;
        if (joinId === 'self') {
            const track = kind === 'screen' ? local.screen : local.camera;
            if (track) stream = video.srcObject && video.srcObject.getTracks()[0] === track ? video.srcObject : new MediaStream([track]);
        } else if (peers.has(joinId)) {
            stream = kind === 'screen' ? peers.get(joinId).screen : peers.get(joinId).camera;
        }
        if (video.srcObject !== stream) {
            video.muted = true;
            video.playsInline = true;
            video.autoplay = true;
            video.srcObject = stream;
            if (stream) video.play().catch(() => { });
        }
    }
}

// ---- Connection quality and statistics ----

function qualityOfState(state) {
    if (state === 'failed' || state === 'disconnected') return 'poor';
    if (state === 'new' || state === 'checking') return 'connecting';
    return '';
}

function reportQuality(peer, quality) {
    if (peer.quality === quality) return;
    peer.quality = quality;
    invoke('OnQuality', peer.joinId, quality);
}

// Every 2 s: the round-trip time of the selected candidate pair, the loss of what arrives and the bitrate.
async function collectQuality() {
    for (const peer of peers.values()) {
        const state = peer.pc.iceConnectionState;
        if (qualityOfState(state)) { reportQuality(peer, qualityOfState(state)); continue; }
        let report;
        try { report = await peer.pc.getStats(); } catch (e) { continue; }
        const pair = selectedPair(report);
        let lost = 0, received = 0, bytes = 0;
        report.forEach(s => {
            if (s.type === 'inbound-rtp') { lost += s.packetsLost || 0; received += s.packetsReceived || 0; bytes += s.bytesReceived || 0; }
        });
        const last = peer.last || { lost: 0, received: 0, bytes: 0, at: performance.now() - StatsEveryMs };
        const now = performance.now();
        const lossRate = (lost - last.lost) / Math.max(1, (lost - last.lost) + (received - last.received));
        const kbps = (bytes - last.bytes) * 8 / Math.max(1, now - last.at);
        peer.last = { lost, received, bytes, at: now };
        peer.bitrateKbps = Math.round(kbps);
        const rtt = pair && typeof pair.currentRoundTripTime === 'number' ? pair.currentRoundTripTime : 0;
        const quality = rtt < 0.15 && lossRate < 0.02 ? 'good' : rtt < 0.4 && lossRate < 0.08 ? 'fair' : 'poor';
        reportQuality(peer, quality);
    }
}

function selectedPair(report) {
    let pair = null;
    report.forEach(s => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId) || pair;
    });
    if (!pair) report.forEach(s => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
    return pair;
}

/**
 * Per peer (by join id): bytes of the mic, camera and screen RTP streams in and out, frames of the camera decoded, the
 * selected candidate pair's local and remote candidate types, and the ICE state. For tests and measurements; it holds
 * no address and no SDP.
 */
async function callStats() {
    const result = {};
    for (const peer of peers.values()) {
        const entry = {
            audio: { bytesReceived: 0, bytesSent: 0 }, video: { bytesReceived: 0, bytesSent: 0, framesDecoded: 0 },
            screen: { bytesReceived: 0, bytesSent: 0, framesDecoded: 0 },
            localCandidateType: '', remoteCandidateType: '', iceConnectionState: peer.pc.iceConnectionState,
            quality: peer.quality, bitrateKbps: peer.bitrateKbps || 0,
        };
        result[peer.joinId] = entry;
        let report;
        try { report = await peer.pc.getStats(); } catch (e) { continue; }
        const transceivers = peer.pc.getTransceivers();
        const slotOfMid = mid => transceivers.findIndex(t => t.mid === mid);
        report.forEach(s => {
            if (s.type !== 'inbound-rtp' && s.type !== 'outbound-rtp') return;
            const slot = slotOfMid(s.mid);
            const target = slot === Slot.mic ? entry.audio : slot === Slot.camera ? entry.video : slot === Slot.screen ? entry.screen : null;
            if (!target) return;
            if (s.type === 'inbound-rtp') {
                target.bytesReceived += s.bytesReceived || 0;
                if ('framesDecoded' in target) target.framesDecoded += s.framesDecoded || 0;
            } else {
                target.bytesSent += s.bytesSent || 0;
            }
        });
        const pair = selectedPair(report);
        if (pair) {
            const localCandidate = report.get(pair.localCandidateId), remoteCandidate = report.get(pair.remoteCandidateId);
            entry.localCandidateType = localCandidate ? localCandidate.candidateType : '';
            entry.remoteCandidateType = remoteCandidate ? remoteCandidate.candidateType : '';
        }
    }
    return result;
}

window.chatalotCallStats = callStats;
