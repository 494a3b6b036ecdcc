using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Gateway;

/// <summary>
/// A frame a client sends over the gateway. Every frame is one JSON text message tagged by <c>type</c>;
/// see <c>docs/protocol/gateway.md</c> for the state machine.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(AuthenticateFrame), "authenticate")]
[JsonDerivedType(typeof(ResumeFrame), "resume")]
[JsonDerivedType(typeof(HeartbeatFrame), "heartbeat")]
[JsonDerivedType(typeof(SubscribeFrame), "subscribe")]
[JsonDerivedType(typeof(UnsubscribeFrame), "unsubscribe")]
[JsonDerivedType(typeof(SendMessageFrame), "send_message")]
[JsonDerivedType(typeof(EditMessageFrame), "edit_message")]
[JsonDerivedType(typeof(DeleteMessageFrame), "delete_message")]
[JsonDerivedType(typeof(TypingFrame), "typing")]
[JsonDerivedType(typeof(UpdatePresenceFrame), "update_presence")]
[JsonDerivedType(typeof(SendToDeviceFrame), "send_to_device")]
[JsonDerivedType(typeof(AckToDeviceFrame), "ack_to_device")]
[JsonDerivedType(typeof(JoinVoiceFrame), "join_voice")]
[JsonDerivedType(typeof(LeaveVoiceFrame), "leave_voice")]
[JsonDerivedType(typeof(UpdateVoiceStateFrame), "update_voice_state")]
public abstract record ClientFrame;
