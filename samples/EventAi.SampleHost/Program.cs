using EventAi.SampleHost;

WebApplication app = SampleApp.Build(args);
await app.RunAsync();
