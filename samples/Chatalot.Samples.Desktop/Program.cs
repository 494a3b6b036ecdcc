using Chatalot.Client;

// Placeholder until the desktop client issue lands.
var options = new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:5080/") };
options.Validate();
Console.WriteLine($"Chatalot desktop sample: server {options.ServerUrl}");
