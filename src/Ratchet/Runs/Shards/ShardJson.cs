using System.Text.Json.Serialization;

namespace Ratchet.Runs.Shards;

/// <summary>The join and session files' JSON, snake_case like every file Ratchet writes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ShardSession.Join))]
[JsonSerializable(typeof(ShardSession.Announcement))]
internal sealed partial class ShardJson : JsonSerializerContext;
