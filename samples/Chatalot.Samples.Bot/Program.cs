using Chatalot.Client;

// Placeholder until the client SDK lands: validates the configured server address.
var options = new ChatalotClientOptions
{
    ServerUrl = new Uri(Environment.GetEnvironmentVariable("CHATALOT_SERVER_URL") ?? "http://127.0.0.1:5080/"),
};
options.Validate();
Console.WriteLine($"Chatalot sample bot: would connect to {options.ServerUrl}");
