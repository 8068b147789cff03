using Microsoft.AspNetCore.DataProtection;

namespace LoyaltyGrid.Server.Auth;

/// <summary>
/// ASP.NET Core's Data Protection keys, kept in the server's data folder beside the development
/// credentials rather than wherever the framework would guess (<c>~/.aspnet</c>, or memory when
/// that is not writable). No part of LoyaltyGrid protects data with them today (API keys and
/// customer tokens have their own secrets), but the framework makes a key at every first start;
/// putting it here means one folder holds all the server writes, and silos started from the same
/// folder share one key ring under one application name.
/// </summary>
public static class DataProtectionSetup
{
    public const string KeysFolder = "data-protection-keys";

    public static string KeysPathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), KeysFolder);

    public static IServiceCollection AddLoyaltyGridDataProtection(this IServiceCollection services, string dataDirectory)
    {
        var keys = KeysPathIn(dataDirectory);
        // Only the server's user may read the keys: they are stored unencrypted, as the
        // development credentials are, because Linux has no machine key store to wrap them with.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(keys);
        }
        else
        {
            Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        services.AddDataProtection()
            .SetApplicationName("LoyaltyGrid")
            .PersistKeysToFileSystem(new DirectoryInfo(keys));
        return services;
    }
}
