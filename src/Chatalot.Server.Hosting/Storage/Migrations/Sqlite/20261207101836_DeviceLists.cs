using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatalot.Server.Hosting.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class DeviceLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "device_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<int>(type: "INTEGER", nullable: false),
                    IdentityKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    DeviceName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Commitment = table.Column<byte[]>(type: "BLOB", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponderDeviceId = table.Column<int>(type: "INTEGER", nullable: true),
                    ResponderKey = table.Column<byte[]>(type: "BLOB", nullable: true),
                    EphemeralKey = table.Column<byte[]>(type: "BLOB", nullable: true),
                    KemKey = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Sealed = table.Column<byte[]>(type: "BLOB", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_links", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "device_lists",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    AccountKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    List = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_lists", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "key_backup_entries",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_key_backup_entries", x => new { x.UserId, x.Name });
                });

            migrationBuilder.CreateTable(
                name: "key_backups",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    KeyId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_key_backups", x => x.UserId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_device_links_ExpiresAt",
                table: "device_links",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_device_links_UserId",
                table: "device_links",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "device_links");

            migrationBuilder.DropTable(
                name: "device_lists");

            migrationBuilder.DropTable(
                name: "key_backup_entries");

            migrationBuilder.DropTable(
                name: "key_backups");
        }
    }
}
