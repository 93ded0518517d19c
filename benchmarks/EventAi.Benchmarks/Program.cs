using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// A shared 2-core machine can take longer than the default 2 minutes to build the generated project.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
