namespace Ratchet.Testing;

/// <summary>
/// The exceptions .NET throws on Linux for the same failures, with the same types, messages and HResults
/// (checked against FileStream, File and Directory), so code under test meets what it would meet in
/// production.
/// </summary>
internal static class IoErrors
{
    // .NET puts the raw errno into HResult for errors it maps from a failed system call.
    public const int InputOutputErrno = 5;
    public const int ExistsErrno = 17;
    public const int NoSpaceErrno = 28;
    private const int NoEntryErrno = 2;
    private const int NotDirectoryErrno = 20;
    private const int IsDirectoryErrno = 21;
    private const int InvalidArgumentErrno = 22;
    private const int BusyErrno = 16;
    private const int LoopErrno = 40;

    // COR_E_IO: what .NET uses for the checks it makes itself before calling the system.
    private const int GenericIo = unchecked((int)0x80131620);

    public static FileNotFoundException FileNotFound(string path) => new($"Could not find file '{path}'.", path);

    public static DirectoryNotFoundException PartNotFound(string path) => new($"Could not find a part of the path '{path}'.");

    public static IOException AlreadyExists(string path) => new($"The file '{path}' already exists.", ExistsErrno);

    public static IOException DestinationExists(string path) =>
        new($"Cannot create '{path}' because a file or directory with the same name already exists.", GenericIo);

    public static IOException SamePath() => new("Source and destination path must be different.", GenericIo);

    public static IOException IsDirectory(string path) => new($"Is a directory : '{path}'", IsDirectoryErrno);

    public static IOException InvalidArgument() => new("Invalid argument", InvalidArgumentErrno);

    public static IOException Busy(string path) => new($"Device or resource busy : '{path}'", BusyErrno);

    public static IOException TooManyLinks(string path) => new($"Too many levels of symbolic links : '{path}'", LoopErrno);

    public static UnauthorizedAccessException AccessDenied(string path) => new($"Access to the path '{path}' is denied.");

    public static IOException NoSpace(string path) => new($"No space left on device : '{path}'", NoSpaceErrno);

    public static IOException InputOutput(string path) => new($"Input/output error : '{path}'", InputOutputErrno);

    public static ObjectDisposedException Closed() => new(objectName: null, message: "Cannot access a closed file.");

    public static DriveNotFoundException DriveNotFound(string path) =>
        new($"Could not find the drive '{path}'. The drive might not be ready or might not be mapped.");

    // The two messages below are LocalFileSystem's own (its directory fsync goes through P/Invoke).
    public static IOException CannotOpenDirectory(string path, bool isFile) =>
        new($"Could not open directory '{path}' to sync it (errno {(isFile ? NotDirectoryErrno : NoEntryErrno)}).");

    public static IOException DirectorySyncFailed(string path, int errno) =>
        new($"fsync of directory '{path}' failed (errno {errno}); its recent renames may not be durable.", errno);
}
