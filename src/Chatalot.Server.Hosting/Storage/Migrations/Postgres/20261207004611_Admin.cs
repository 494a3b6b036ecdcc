using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatalot.Server.Hosting.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class Admin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RevokedAt",
                table: "registration_invites",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "server_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    RegistrationMode = table.Column<int>(type: "integer", nullable: true),
                    CommunityCreation = table.Column<int>(type: "integer", nullable: true),
                    MaxCommunitiesPerUser = table.Column<int>(type: "integer", nullable: true),
                    UserQuotaBytes = table.Column<long>(type: "bigint", nullable: true),
                    BannerText = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    BannerLevel = table.Column<int>(type: "integer", nullable: false),
                    BannerExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    SetupCodeHash = table.Column<byte[]>(type: "bytea", nullable: true),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
