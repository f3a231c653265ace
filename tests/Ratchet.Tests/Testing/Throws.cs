namespace Ratchet.Tests.Testing;

/// <summary>Exception assertions on the exact type, since callers catch by type (FileNotFound versus IOException).</summary>
internal static class Throws
{
    public static T Exactly<T>(Action action)
        where T : Exception
    {
        var exception = Should.Throw<Exception>(action);
        exception.ShouldBeOfType<T>();
        return (T)exception;
    }

    public static T Exactly<T>(Func<object?> action)
        where T : Exception => Exactly<T>(() => { _ = action(); });
}
