namespace Prioritise.LoadHarness;

public static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal"))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory ?? "unknown memory"}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    public static long ResidentMegabytes(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return -1;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? -1 : long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0]) / 1024;
    }
}
