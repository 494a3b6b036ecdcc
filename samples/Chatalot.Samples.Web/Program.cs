using Chatalot.Samples.Web;
using Chatalot.Samples.Web.Browser;
using Chatalot.Samples.Web.Chat;
using Chatalot.Samples.Web.Theming;
using Chatalot.Samples.Web.Vault;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
// The browser console shows warnings and the client's own information lines (addresses and codes, never secrets).
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Chatalot", LogLevel.Information);

// The app talks to the server that served it (the sample server hosts it at /).
var serverUrl = new Uri(builder.HostEnvironment.BaseAddress);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<BrowserInterop>();
builder.Services.AddSingleton<MediaInterop>();
builder.Services.AddSingleton<CallInterop>();
builder.Services.AddSingleton(new VaultOptions());
builder.Services.AddSingleton<KeyVault>();
builder.Services.AddSingleton<ThemeService>();
builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ChatSession>(sp, serverUrl));

await builder.Build().RunAsync();
