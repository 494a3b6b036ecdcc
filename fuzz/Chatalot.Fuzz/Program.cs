using Chatalot.Fuzz;
using Chatalot.Fuzz.Seeds;
using SharpFuzz;

// Usage (docs/articles/fuzzing.md):
//   Chatalot.Fuzz list                      names and contracts of the targets
//   Chatalot.Fuzz run <target>              under the libFuzzer driver (eng/fuzz.sh starts it)
//   Chatalot.Fuzz replay <target> <path>... runs files or folders once, without instrumentation
//   Chatalot.Fuzz seed <corpus-root>        rewrites the seed corpus from the real encoders
switch (args)
{
    case ["list"]:
        foreach (var target in FuzzTargets.All)
        {
            Console.WriteLine($"{target.Name}\t{target.MaxInputLength}\t{target.Description}");
        }

        return 0;

    case ["run", var name] when FuzzTargets.Find(name) is { } target:
        // SharpFuzz talks to the driver through the __LIBFUZZER_* variables; without them it reads args[1] as a file,
        // which here is a target name, so refuse instead.
        if (Environment.GetEnvironmentVariable("__LIBFUZZER_SHM_ID") is null)
        {
            Console.Error.WriteLine("'run' needs the libFuzzer driver (eng/fuzz.sh); use 'replay' for single inputs.");
            return 2;
        }

        Fuzzer.LibFuzzer.Run(target.Run);
        return 0;

    case ["replay", var name, .. var paths] when FuzzTargets.Find(name) is { } target && paths.Length > 0:
        return Replay.Run(target, paths, Console.Out);

    case ["seed", var root]:
        SeedWriter.Write(root, Console.Out);
        return 0;

    default:
        Console.Error.WriteLine("usage: Chatalot.Fuzz list | run <target> | replay <target> <file-or-folder>... | seed <corpus-root>");
        Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
        return 2;
}
