namespace Chatalot.Protocol.Errors;

/// <summary>
/// Stable, machine-readable error codes carried in the <c>code</c> member of every REST problem detail
/// (RFC 9457) and every gateway <c>error</c> frame. Codes never change meaning once published;
/// the table in <c>docs/protocol/rest.md</c> §Errors maps each to its HTTP status.
/// </summary>
public static class ErrorCodes
{
    /// <summary>400: the body is not valid JSON, or a member has the wrong type or is missing.</summary>
    public const string MalformedRequest = "malformed_request";

    /// <summary>422: the request is well-formed but a value breaks a documented rule or limit.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>413: the body or a field exceeds a size limit.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>401: no valid access token was presented.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>401: the access token expired; refresh it.</summary>
    public const string TokenExpired = "token_expired";

    /// <summary>401: the user name or password is wrong.</summary>
    public const string InvalidCredentials = "invalid_credentials";

    /// <summary>401: the refresh token is unknown, expired or revoked.</summary>
    public const string InvalidRefreshToken = "invalid_refresh_token";

    /// <summary>401: a rotated refresh token was presented again; the whole session family is revoked.</summary>
    public const string RefreshTokenReused = "refresh_token_reused";

    /// <summary>401: the session was revoked (logout, password change, admin action).</summary>
    public const string SessionRevoked = "session_revoked";

    /// <summary>403: the account is suspended.</summary>
    public const string AccountSuspended = "account_suspended";

    /// <summary>429: too many failed password attempts (logins or password changes); retry after the <c>Retry-After</c> delay.</summary>
    public const string AccountLocked = "account_locked";

    /// <summary>403: a password change named the wrong current password (the session stays valid, unlike a 401).</summary>
    public const string WrongCurrentPassword = "wrong_current_password";

    /// <summary>403: the caller lacks the role the operation needs.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>404: the resource does not exist or the caller may not know it exists.</summary>
    public const string NotFound = "not_found";

    /// <summary>409: the operation conflicts with the current state (duplicate name, owner leaving...).</summary>
    public const string Conflict = "conflict";

    /// <summary>409: the user name is taken.</summary>
    public const string UsernameTaken = "username_taken";

    /// <summary>403: registration is closed, or needs an invite that was not given.</summary>
    public const string RegistrationClosed = "registration_closed";

    /// <summary>404/410: the invite code is unknown, expired or used up.</summary>
    public const string InviteInvalid = "invite_invalid";

    /// <summary>403: the caller is banned from the community or channel.</summary>
    public const string Banned = "banned";

    /// <summary>403: a block exists between the two users.</summary>
    public const string Blocked = "blocked";

    /// <summary>403: the channel is archived.</summary>
    public const string ChannelArchived = "channel_archived";

    /// <summary>403: the channel is read-only for the caller.</summary>
    public const string ChannelReadOnly = "channel_read_only";

    /// <summary>429: slow mode is active; retry after the <c>Retry-After</c> delay.</summary>
    public const string SlowMode = "slow_mode";

    /// <summary>413: an upload declares more bytes than the server's largest attachment.</summary>
    public const string AttachmentTooLarge = "attachment_too_large";

    /// <summary>413: an upload would take the user or the community past its storage quota.</summary>
    public const string QuotaExceeded = "quota_exceeded";

    /// <summary>409: a <c>PATCH</c> did not start at the server's offset (sent in <c>Upload-Offset</c>); nothing was written.</summary>
    public const string OffsetMismatch = "offset_mismatch";

    /// <summary>422: a <c>PATCH</c> body does not match its <c>Upload-Checksum</c>; nothing was written.</summary>
    public const string ChecksumMismatch = "checksum_mismatch";

    /// <summary>422: the digest given to complete an upload is not the SHA-256 of what the server stored.</summary>
    public const string DigestMismatch = "digest_mismatch";

    /// <summary>409: an upload was completed, or referenced, before all its bytes arrived.</summary>
    public const string UploadIncomplete = "upload_incomplete";

    /// <summary>422: a link to preview is not an <c>https</c> URL of a public address, or not a page or image.</summary>
    public const string LinkBlocked = "link_blocked";

    /// <summary>502: the linked site or the GIF provider could not be fetched (unreachable, timed out, an error, or too large).</summary>
    public const string LinkUnreachable = "link_unreachable";

    /// <summary>415: an image's <c>Content-Type</c> is not one the route accepts (avatars and banners: PNG, JPEG, GIF, WebP; custom emoji: PNG, GIF, WebP).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>422: an image's bytes are not of the media type its <c>Content-Type</c> claims; nothing was stored.</summary>
    public const string MediaTypeMismatch = "media_type_mismatch";

    /// <summary>422: the community already has its most custom emoji; delete one first.</summary>
    public const string EmojiLimitReached = "emoji_limit_reached";

    /// <summary>409: a device already exists with a different identity key; delete the device first.</summary>
    public const string IdentityKeyConflict = "identity_key_conflict";

    /// <summary>422: a prekey signature does not verify against the device's identity key.</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>404: the user has no device with published keys.</summary>
    public const string NoDevices = "no_devices";

    /// <summary>422: the channel already has the most pinned messages (<see cref="ChatalotLimits.PinsPerChannelMax"/>); unpin one first.</summary>
    public const string PinLimitReached = "pin_limit_reached";

    /// <summary>429: too many requests; retry after the <c>Retry-After</c> delay.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>500: an unexpected server failure. Never carries internal details.</summary>
    public const string InternalError = "internal_error";

    /// <summary>503: the server is starting, draining or its database is unavailable.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>Gateway: the first frame was not <c>authenticate</c>/<c>resume</c>, or came too late.</summary>
    public const string AuthenticationRequired = "authentication_required";

    /// <summary>Gateway: the frame is not valid JSON or not a known frame type.</summary>
    public const string InvalidFrame = "invalid_frame";

    /// <summary>Gateway: the resume window passed or the session is unknown; re-sync over REST.</summary>
    public const string ResumeFailed = "resume_failed";

    /// <summary>Gateway: the connection's outbound queue overflowed; reconnect and resume.</summary>
    public const string SlowConsumer = "slow_consumer";

    /// <summary>Gateway: the server is shutting down; reconnect elsewhere and resume.</summary>
    public const string ServerShuttingDown = "server_shutting_down";

    /// <summary>
    /// Gateway: events between the server's nodes may have been lost (a node was cut off from the others); reconnect and
    /// catch up over REST. The session cannot be resumed.
    /// </summary>
    public const string ResyncRequired = "resync_required";

    /// <summary>Gateway: no heartbeat arrived within the interval.</summary>
    public const string HeartbeatTimeout = "heartbeat_timeout";

    /// <summary>Gateway: the session was resumed on another connection, which replaces this one.</summary>
    public const string SessionResumedElsewhere = "session_resumed_elsewhere";

    /// <summary>Gateway: the server ends the connection normally (close 1000), for example after the client's close.</summary>
    public const string Closing = "closing";

    /// <summary>422: an abuse report's opening does not verify against the message's franking commitment and tag (crypto.md §14.4).</summary>
    public const string ReportUnverifiable = "report_unverifiable";

    /// <summary>401: the password was right but the account has two-factor sign-in on: complete with <c>POST /auth/login/2fa</c> and the problem's <c>challenge</c>.</summary>
    public const string TwoFactorRequired = "two_factor_required";

    /// <summary>401 at sign-in, 403 on a signed-in route: the TOTP or backup code is wrong, already used, or from the wrong time step.</summary>
    public const string InvalidTwoFactorCode = "invalid_two_factor_code";

    /// <summary>401: the two-factor challenge is unknown, forged or older than 5 minutes; sign in again.</summary>
    public const string InvalidTwoFactorChallenge = "invalid_two_factor_challenge";

    /// <summary>409: two-factor sign-in is already on (setup, enable) or is off (disable, new backup codes).</summary>
    public const string TwoFactorState = "two_factor_state";

    /// <summary>401: the user name or recovery code is wrong.</summary>
    public const string InvalidRecoveryCode = "invalid_recovery_code";

    /// <summary>409: the account owns communities; transfer their ownership (or delete them) before deleting the account.</summary>
    public const string OwnsCommunities = "owns_communities";

    /// <summary>403: the instance is not claimed yet; only a registration presenting the setup code printed on the server's console is accepted (it becomes the owner).</summary>
    public const string SetupRequired = "setup_required";

    /// <summary>403: the setup code presented to claim the instance is wrong.</summary>
    public const string SetupCodeInvalid = "setup_code_invalid";

    /// <summary>422: the user already owns as many communities as the instance allows (<c>max_communities_per_user</c>).</summary>
    public const string CommunityLimitReached = "community_limit_reached";

    /// <summary>403: the caller is timed out in this community until the time in the detail (<c>retry_after_seconds</c> counts down to it): no sending, editing, reacting, pinning or voice.</summary>
    public const string TimedOut = "timed_out";

    /// <summary>401: the bot token is wrong, was rotated or revoked, or its bot was deleted.</summary>
    public const string BotTokenInvalid = "bot_token_invalid";

    /// <summary>403: a bot account signs in with its bot token only; passwords, two-factor sign-in and recovery do not apply to it.</summary>
    public const string BotAccount = "bot_account";

    /// <summary>422: a bot cannot own a community or the instance (ownership transfer to a bot, a bot creating a community).</summary>
    public const string BotCannotOwn = "bot_cannot_own";
    /// <summary>409: the user named in a direct invite is already a member of the community.</summary>
    public const string AlreadyMember = "already_member";

    /// <summary>409: the user named in a direct invite is banned from the community.</summary>
    public const string InviteeBanned = "invitee_banned";

    /// <summary>422: a device list that does not parse, is not the caller's, or whose signature does not verify (crypto.md §15.2).</summary>
    public const string InvalidDeviceList = "invalid_device_list";

    /// <summary>409: a device list whose version is not higher than the stored one.</summary>
    public const string DeviceListStale = "device_list_stale";

    /// <summary>409: a device list under another account key than the stored one, without <c>reset_account</c>.</summary>
    public const string AccountKeyConflict = "account_key_conflict";

    /// <summary>404: the user has not published a signed device list yet.</summary>
    public const string NoDeviceList = "no_device_list";

    /// <summary>409: a device link step out of order (crypto.md §15.4), or a link already approved or declined.</summary>
    public const string DeviceLinkState = "device_link_state";

    /// <summary>409: a key backup write that does not build on the stored version.</summary>
    public const string BackupConflict = "backup_conflict";

    /// <summary>409: the voice channel or call already holds <see cref="ChatalotLimits.VoiceMaxParticipants"/> participants.</summary>
    public const string VoiceFull = "voice_full";

    /// <summary>409: <see cref="ChatalotLimits.VoiceMaxVideoParticipants"/> participants already have the camera or a screen share on.</summary>
    public const string VoiceVideoFull = "voice_video_full";

    /// <summary>422: the channel is a text channel; calls happen in voice channels and DMs.</summary>
    public const string NotVoiceChannel = "not_voice_channel";

    /// <summary>409: a voice state change or leave from a device that is in no voice channel.</summary>
    public const string NotInVoice = "not_in_voice";
}
