using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatalot.Server.Hosting.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class Admin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RevokedAt",
                table: "registration_invites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "server_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    RegistrationMode = table.Column<int>(type: "INTEGER", nullable: true),
                    CommunityCreation = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxCommunitiesPerUser = table.Column<int>(type: "INTEGER", nullable: true),
                    UserQuotaBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    BannerText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    BannerLevel = table.Column<int>(type: "INTEGER", nullable: false),
                    BannerExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    SetupCodeHash = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_server_settings", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "server_settings",
                columns: new[] { "Id", "BannerExpiresAt", "BannerLevel", "BannerText", "ClaimedAt", "CommunityCreation", "MaxCommunitiesPerUser", "RegistrationMode", "SetupCodeHash", "UpdatedAt", "UpdatedBy", "UserQuotaBytes" },
                values: new object[] { 1, null, 0, null, null, null, null, null, null, null, null, null });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "server_settings");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "registration_invites");
        }
    }
}
