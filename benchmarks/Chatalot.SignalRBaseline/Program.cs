using Chatalot.SignalRBaseline;

// Loopback only: the load tool starts this process itself (`--urls http://127.0.0.1:PORT`).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var timeout = builder.Configuration.GetValue("Baseline:ClientTimeoutSeconds", 30);
builder.Services.AddSignalR(o =>
{
    // Idle-density runs keep connections silent for minutes; both servers get the same relaxed keep-alive settings.
    o.ClientTimeoutInterval = TimeSpan.FromSeconds(timeout);
    o.KeepAliveInterval = TimeSpan.FromSeconds(Math.Max(1, timeout / 2));
    o.MaximumReceiveMessageSize = 128 * 1024;
});

var app = builder.Build();
app.UseWebSockets();
app.MapHub<ChatHub>("/hub");
app.MapGet("/health/live", () => "ok");
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine("SignalR baseline listening on " + string.Join(", ", app.Urls)));
app.Run();
