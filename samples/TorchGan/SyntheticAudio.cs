using static TorchSharp.torch;

namespace TorchGan;

/// <summary>The data set, generated in code: short clips of harmonic tones whose pitch glides (like a sung note), with an
/// attack/decay envelope and a little noise. The same seed gives the same clips on every machine (plain .NET arithmetic).</summary>
public static class SyntheticAudio
{
    public const int SampleRate = 8000;

    public static Tensor Clips(int count, int length, long seed)
    {
        var random = new Random((int)(seed % int.MaxValue) + 17);
        var samples = new float[count * length];
        for (int clip = 0; clip < count; clip++)
        {
            double f0 = 110 * Math.Pow(2, random.NextDouble() * 2); // 110 to 440 Hz
            double glide = (random.NextDouble() - 0.5) * 0.4; // up to ±20 % over the clip
            double phase = 0;
            for (int t = 0; t < length; t++)
            {
                double progress = (double)t / length;
                double frequency = f0 * (1 + (glide * progress));
                phase += 2 * Math.PI * frequency / SampleRate;
                double envelope = Math.Min(1, progress * 20) * Math.Exp(-2 * progress);
                double value = 0;
                for (int harmonic = 1; harmonic <= 4; harmonic++)
                {
                    value += Math.Sin(harmonic * phase) / harmonic;
                }

                value = (0.45 * envelope * value) + (0.02 * ((random.NextDouble() * 2) - 1));
                samples[(clip * length) + t] = (float)value;
            }
        }

        return tensor(samples, new long[] { count, 1, length });
    }
}
